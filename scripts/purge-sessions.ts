// `npm run sessions:purge`: deletes expired sessions now (each server also does it periodically).
import { purgeExpiredSessions } from "../lib/session";
import { runShutdownHooks } from "../lib/shutdown";
import { loadProjectEnv } from "./load-env.mjs";

// .env as the server reads it, so the CLI acts on the database the app serves (lib reads settings lazily).
loadProjectEnv();

async function main() {
  const deleted = await purgeExpiredSessions();
  console.log(`Deleted ${deleted} expired session${deleted === 1 ? "" : "s"}.`);
}

// Close the database, Redis and the hashing threads, or the process would wait on them.
main()
  .then(runShutdownHooks)
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });

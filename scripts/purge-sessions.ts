// `npm run sessions:purge`: deletes expired sessions now (each server also does it periodically).
import { purgeExpiredSessions } from "../lib/session";

async function main() {
  const deleted = await purgeExpiredSessions();
  console.log(`Deleted ${deleted} expired session${deleted === 1 ? "" : "s"}.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

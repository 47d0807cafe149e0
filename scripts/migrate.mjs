// `npm run db:migrate`: applies pending migrations to the database DATABASE_URL
// names (SQLite by default). server.mjs does the same at start unless
// SKIP_MIGRATIONS=1; with several instances, run this once per release instead.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadProjectEnv } from "./load-env.mjs";
import { migratePostgres } from "./migrate-postgres.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function migrate() {
  const databaseUrl = process.env.DATABASE_URL ?? "";
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    await migratePostgres(databaseUrl, path.join(root, "prisma/postgresql/migrations"));
    return;
  }
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: root,
    stdio: "inherit",
    env: { CHECKPOINT_DISABLE: "1", ...process.env },
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy exited with ${result.status}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Run alone (`npm run db:migrate`): the settings of .env too. server.mjs loads them itself first.
  loadProjectEnv();
  migrate().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

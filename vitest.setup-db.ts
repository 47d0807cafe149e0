import { execFileSync } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { disposeStorage, prepareStorage } from "./e2e/support/storage.mjs";
import { migratePostgres } from "./scripts/migrate-postgres.mjs";

// The same migrations the app applies at start, on the unit tests' own database.
export default async function setup(project: TestProject) {
  const env = { ...process.env, ...project.config.env, CHECKPOINT_DISABLE: "1" };
  const databaseUrl = (env as Record<string, string | undefined>).DATABASE_URL ?? "";
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const storage = { DATABASE_URL: databaseUrl };
    await prepareStorage(storage);
    await migratePostgres(storage.DATABASE_URL, path.join(process.cwd(), "prisma/postgresql/migrations"));
    return () => disposeStorage(storage);
  }
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { env, stdio: "pipe" });
}

import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";
import { isPostgresUrl, resolveDatabaseUrl, sqliteFilePath } from "./lib/database-url";
import { loadProjectEnv } from "./scripts/load-env.mjs";

// DATABASE_URL picks the database, and with it the schema and migrations: SQLite
// (prisma/) by default, PostgreSQL (prisma/postgresql/, generated from the same models).
// The JavaScript schema engine works offline; the classic one downloads a binary.
// With a config file Prisma reads no .env itself: DATABASE_URL may live there, as for the app.
loadProjectEnv();
const url = resolveDatabaseUrl();
const postgres = isPostgresUrl(url);

export default defineConfig({
  experimental: { adapter: true },
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  engine: "js",
  async adapter() {
    if (postgres) return new PrismaPg({ connectionString: url });
    const file = sqliteFilePath(url);
    if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new PrismaBetterSQLite3({ url: file });
  },
});

// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma: the same models,
// for PostgreSQL, with its own generated client. Run after changing the models,
// then add a migration for each database (docs/data-model.md says how).
import fs from "node:fs";

const sqlite = fs.readFileSync("prisma/schema.prisma", "utf8");
const postgres = sqlite
  .replace(
    /^\/\/ The SQLite schema[^\n]*\n\/\/[^\n]*\n/m,
    "// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: do not edit.\n",
  )
  .replace('output     = "../lib/generated/prisma"', 'output     = "../../lib/generated/postgres"')
  .replace(
    /provider = "sqlite"\n(\s*\/\/[^\n]*\n)*\s*url\s*= "file:[^"]*"/,
    'provider = "postgresql"\n  url      = "postgresql://localhost/placeholder"',
  );
if (postgres === sqlite || !postgres.includes('provider = "postgresql"')) throw new Error("prisma/schema.prisma has an unexpected shape");
const target = "prisma/postgresql/schema.prisma";
const check = process.argv.includes("--check");
if (check) {
  if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== postgres) {
    console.error(`${target} is out of date: run node scripts/postgres-schema.mjs`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(target, postgres);
}

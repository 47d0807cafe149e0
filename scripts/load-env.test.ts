import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeStorage, postgresAdminUrl, prepareStorage } from "../e2e/support/storage.mjs";
import { databaseUrlFor } from "../e2e/support/test-services.mjs";

// A DATABASE_URL written only in .env must reach every entry point that runs before or
// without Next: the Prisma CLI (prisma.config.ts), `npm run db:migrate` and the admin CLI.
// Each runs in a copy of the project's layout whose .env is the only place the URL is
// named; without the loader they would act on the default SQLite file, data/app.db.

const root = process.cwd();
const copied = ["package.json", "tsconfig.json", "prisma.config.ts", "prisma", "scripts", "workers"];

let project: string;

/** The environment of a shell that has no DATABASE_URL (vitest sets one for its own database). */
function shellEnv(): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, CHECKPOINT_DISABLE: "1", BCRYPT_COST: "4" };
  for (const name of ["DATABASE_URL", "DATA_DIR", "NODE_ENV"]) delete env[name];
  return env as NodeJS.ProcessEnv;
}

function run(args: string[], input = ""): string {
  return execFileSync(process.execPath, args, { cwd: project, env: shellEnv(), input, encoding: "utf8", stdio: "pipe" });
}

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "session-auth-env-"));
  for (const entry of copied) fs.cpSync(path.join(root, entry), path.join(project, entry), { recursive: true });
  fs.mkdirSync(path.join(project, "lib"));
  // lib/load-shaping.mjs too: the hashing threads and the server's flags are set there.
  const libSources = fs.readdirSync(path.join(root, "lib")).filter((file) => /\.(ts|mjs)$/.test(file) && !file.endsWith(".test.ts"));
  for (const file of libSources) fs.copyFileSync(path.join(root, "lib", file), path.join(project, "lib", file));
  // The generated Prisma clients and the packages are only read: shared, not copied.
  fs.symlinkSync(path.join(root, "lib/generated"), path.join(project, "lib/generated"));
  fs.symlinkSync(path.join(root, "node_modules"), path.join(project, "node_modules"));
});

afterAll(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

describe("a DATABASE_URL only in .env", () => {
  it("reaches the Prisma CLI through prisma.config.ts", { timeout: 30_000 }, () => {
    const file = path.join(project, "env-only.db");
    fs.writeFileSync(path.join(project, ".env"), `DATABASE_URL=file:${file}\n`);
    run(["node_modules/prisma/build/index.js", "migrate", "deploy"]);

    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
      expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(["User", "Session", "_prisma_migrations"]));
    } finally {
      db.close();
    }
    expect(fs.existsSync(path.join(project, "data/app.db"))).toBe(false);
  });

  describe("on PostgreSQL", () => {
    const storage = { DATABASE_URL: databaseUrlFor(`unit_env_${crypto.randomBytes(4).toString("hex")}`, postgresAdminUrl) };
    let pool: pg.Pool;

    beforeAll(async () => {
      await prepareStorage(storage);
      pool = new pg.Pool({ connectionString: storage.DATABASE_URL, max: 1 });
    });
    afterAll(async () => {
      await pool?.end();
      await disposeStorage(storage);
    });

    it("reaches `npm run db:migrate` and `npm run admin`, which act on that database", { timeout: 60_000 }, async () => {
      // .env.local wins over .env, as in Next: the URL in .env is a decoy.
      fs.writeFileSync(path.join(project, ".env"), `DATABASE_URL=file:./data/decoy.db\n`);
      fs.writeFileSync(path.join(project, ".env.local"), `DATABASE_URL=${storage.DATABASE_URL}\n`);
      try {
        expect(run(["scripts/migrate.mjs"])).toContain("Applied migration");
        const email = `env-${crypto.randomBytes(4).toString("hex")}@example.test`;
        run(
          ["node_modules/tsx/dist/cli.mjs", "scripts/admin.ts", "create", "--email", email, "--role", "user"],
          "correct horse battery staple\n",
        );

        const { rows } = await pool.query(`SELECT "email", "role" FROM "User"`);
        expect(rows).toEqual([{ email, role: "user" }]);
        expect(fs.existsSync(path.join(project, "data/app.db"))).toBe(false);
        expect(fs.existsSync(path.join(project, "data/decoy.db"))).toBe(false);
      } finally {
        fs.rmSync(path.join(project, ".env.local"));
      }
    });
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import { databaseUrlFor, resolveTestServices } from "./e2e/support/test-services.mjs";

// One throw-away database for the unit tests, migrated by vitest.setup-db.ts: SQLite,
// or with UNIT_DATABASE=postgres a database of its own on the test PostgreSQL server
// (TEST_DATABASE_URL), for the tests of modules whose statements differ between the two.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "session-auth-unit-"));
const databaseUrl =
  process.env.UNIT_DATABASE === "postgres"
    ? databaseUrlFor(`unit_${path.basename(dataDir).replace(/\W/g, "_").toLowerCase()}`, resolveTestServices().databaseUrl)
    : `file:${path.join(dataDir, "unit.db")}`;

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
    globalSetup: ["./vitest.setup-db.ts"],
    env: {
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: "unit-test-secret-unit-test-secret-0123456789",
      PASSWORD_PEPPER: "unit-test-pepper-unit-test-pepper-0123456789",
      BCRYPT_COST: "4",
      LOG_LEVEL: "silent",
      // Every unit test signs in from the same address; throttling has its own tests.
      RATE_LIMIT_REGISTER_PER_IP: "100000",
      RATE_LIMIT_LOGIN_PER_IP: "100000",
      RATE_LIMIT_ACCOUNT_LINKS_PER_IP: "100000",
    },
    // The database is shared; files must not race on it.
    fileParallelism: false,
  },
});

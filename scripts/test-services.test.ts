import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { storageEnv } from "../e2e/support/storage.mjs";
import { databaseUrlFor, describeServiceUrl, resolveTestServices } from "../e2e/support/test-services.mjs";

// TEST_DATABASE_URL and TEST_REDIS_URL name the services of the suites; this machine's are the defaults.

describe("test services", () => {
  it("default to this machine's PostgreSQL and Redis", () => {
    expect(resolveTestServices({})).toEqual({
      databaseUrl: "postgresql://postgres@127.0.0.1:5432/test",
      redisUrl: "redis://127.0.0.1:6379",
    });
    expect(resolveTestServices({ TEST_DATABASE_URL: " ", TEST_REDIS_URL: "" }).redisUrl).toBe("redis://127.0.0.1:6379");
  });

  it("are taken from TEST_DATABASE_URL and TEST_REDIS_URL", () => {
    const env = { TEST_DATABASE_URL: "postgres://ci:pw@db.internal:6543/admin?sslmode=require", TEST_REDIS_URL: "rediss://cache:6390/2" };
    expect(resolveTestServices(env)).toEqual({ databaseUrl: env.TEST_DATABASE_URL, redisUrl: env.TEST_REDIS_URL });
  });

  it("refuse what is not a PostgreSQL or Redis URL, naming the setting", () => {
    expect(() => resolveTestServices({ TEST_DATABASE_URL: "mysql://db/test" })).toThrow(
      /TEST_DATABASE_URL must start with postgresql:\/\//,
    );
    expect(() => resolveTestServices({ TEST_REDIS_URL: "127.0.0.1:6379" })).toThrow(/TEST_REDIS_URL must start with redis:\/\//);
  });

  it("make each suite database on the server of TEST_DATABASE_URL, with its user and options", () => {
    expect(databaseUrlFor("e2e_1", "postgres://ci:pw@db.internal:6543/admin?sslmode=require")).toBe(
      "postgres://ci:pw@db.internal:6543/e2e_1?sslmode=require",
    );
    expect(describeServiceUrl("postgres://ci:secret@db.internal:6543/admin")).toBe("postgres://ci:***@db.internal:6543/admin");
  });

  it("reach the servers' storage settings (the suites' own process reads them at start)", () => {
    // storage.mjs resolves once, when loaded: in a process of its own with the settings given.
    const script = `import("./e2e/support/storage.mjs").then((m) => console.log(JSON.stringify(m.storageEnv("x_1", "/d", "postgres-redis"))))`;
    const env = { ...process.env, TEST_DATABASE_URL: "postgresql://root@localhost:5432/test", TEST_REDIS_URL: "redis://127.0.0.1:6390" };
    expect(JSON.parse(execFileSync(process.execPath, ["-e", script], { env, encoding: "utf8" }))).toEqual({
      DATABASE_URL: "postgresql://root@localhost:5432/x_1",
      REDIS_URL: "redis://127.0.0.1:6390",
      REDIS_KEY_PREFIX: "x_1:",
      SESSION_STORE: "redis",
    });
    expect(storageEnv("x_1", "/d", "sqlite")).toEqual({ DATABASE_URL: "file:/d/app.db" });
  });
});

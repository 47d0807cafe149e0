import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { getConfig } from "./config";
import { sqliteFilePath } from "./database-url";
import { getDb } from "./db";
import { accountDelaySeconds, assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./rate-limit";
import { uniqueEmail } from "./test-helpers";

describe("accountDelaySeconds", () => {
  it("is free for the first failures, then doubles up to 15 minutes", () => {
    expect([0, 4].map((n) => accountDelaySeconds(n, 5))).toEqual([0, 0]);
    expect([5, 6, 7, 8].map((n) => accountDelaySeconds(n, 5))).toEqual([1, 2, 4, 8]);
    expect(accountDelaySeconds(30, 5)).toBe(900);
    expect(accountDelaySeconds(99, 5)).toBe(900);
  });
});

describe("per-account throttling", () => {
  it("blocks an account after the free failures whatever the address, and a success clears it", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++) {
      await assertLoginAllowed(email, `198.51.100.${i}`);
      await recordLoginFailure(email);
    }
    await expect(assertLoginAllowed(email, "203.0.113.99")).rejects.toMatchObject({
      code: "rate_limited",
      status: 429,
      headers: { "Retry-After": "1" },
    });
    await recordLoginSuccess(email);
    await expect(assertLoginAllowed(email, "203.0.113.99")).resolves.toEqual({ previousFailures: 0 });
  });

  it("keeps accounts apart", async () => {
    const blocked = uniqueEmail();
    for (let i = 0; i < 5; i++) await recordLoginFailure(blocked);
    await expect(assertLoginAllowed(blocked, null)).rejects.toMatchObject({ code: "rate_limited" });
    await expect(assertLoginAllowed(uniqueEmail(), null)).resolves.toEqual({ previousFailures: 0 });
  });
});

describe("the counters' store", () => {
  it("is the database, where every process on it sees the same counts", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 3; i++) await recordLoginFailure(email);
    const db = await getDb();
    const counter = await db.rateLimitCounter.findUnique({ where: { key: `account-failures:${email}` } });
    expect(counter?.points).toBe(3);
    expect(Number(counter?.expire)).toBeGreaterThan(Date.now());
  });

  it("stands aside, instead of stalling every request, while another writer holds the database", async () => {
    const email = uniqueEmail();
    await recordLoginFailure(email);
    const other = new Database(sqliteFilePath(getConfig().databaseUrl));
    other.exec("BEGIN IMMEDIATE");
    try {
      const started = performance.now();
      // Counted by this instance's in-memory stand-in meanwhile.
      await recordLoginFailure(email);
      await expect(assertLoginAllowed(email, "198.51.100.7")).resolves.toBeDefined();
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    const counter = await (await getDb()).rateLimitCounter.findUnique({ where: { key: `account-failures:${email}` } });
    expect(counter?.points).toBe(1);
  });
});

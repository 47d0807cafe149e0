import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { unlockAccount } from "./account-lock";
import type { AdminActor } from "./admin";
import { getConfig } from "./config";
import { sqliteFilePath } from "./database-url";
import { getDb } from "./db";
import { accountDelaySeconds, assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./rate-limit";
import { getLimiters, takeOnce } from "./rate-limiters";
import { makeUser, uniqueEmail } from "./test-helpers";

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
    // Consecutive failures do not lapse with time: only a success, a reset or an unlock clears them.
    expect(counter?.expire).toBeNull();
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

describe("refusals cost nothing shared (A2, A5)", () => {
  it("an attempt refused by its account's limit spends no point of the global budget and writes no counter", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++) await recordLoginFailure(email);
    const l = await getLimiters();
    const globalBefore = (await l.loginGlobal.get("all"))?.consumedPoints ?? 0;
    const db = await getDb();
    const rowsBefore = await db.rateLimitCounter.findMany({ where: { key: { contains: email } }, orderBy: { key: "asc" } });
    for (let i = 0; i < 20; i++) await expect(assertLoginAllowed(email, `198.51.100.${i}`)).rejects.toMatchObject({ scope: "account" });
    expect((await l.loginGlobal.get("all"))?.consumedPoints ?? 0).toBe(globalBefore);
    expect(await db.rateLimitCounter.findMany({ where: { key: { contains: email } }, orderBy: { key: "asc" } })).toEqual(rowsBefore);
  });

  it("a known device is exempt from its account's delay and lock", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++) await recordLoginFailure(email);
    await expect(assertLoginAllowed(email, "198.51.100.1")).rejects.toMatchObject({ code: "rate_limited" });
    await expect(assertLoginAllowed(email, "198.51.100.1", { knownDevice: true })).resolves.toEqual({ previousFailures: 5 });
  });

  it("one throttled note per account per window", async () => {
    const l = await getLimiters();
    const email = uniqueEmail();
    const taken = await Promise.all(Array.from({ length: 10 }, () => takeOnce(l.throttledNotes, email)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(await takeOnce(l.throttledNotes, uniqueEmail())).toBe(true);
  });
});

describe("the consecutive cap (A4)", () => {
  afterEach(() => vi.useRealTimers());

  it("locks at the cap, does not lapse with time, and only a success or an unlock lifts it", async () => {
    const user = await makeUser();
    const email = user.email;
    const cap = getConfig().rateLimits.accountMaxFailures;
    const locked: boolean[] = [];
    for (let i = 0; i < cap; i++) locked.push((await recordLoginFailure(email)).locked);
    // Exactly one failure reports the lock: the owner is mailed once.
    expect(locked.filter(Boolean)).toHaveLength(1);
    expect(locked.at(-1)).toBe(true);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 400 * 24 * 60 * 60 * 1000); // past any delay, and a year on
    await expect(assertLoginAllowed(email, "198.51.100.9")).rejects.toMatchObject({ code: "rate_limited", scope: "account" });
    vi.useRealTimers();
    await unlockAccount(user.id, { id: "cli" } as AdminActor, { ipAddress: null, userAgent: "test" });
    await expect(assertLoginAllowed(email, "198.51.100.9")).resolves.toEqual({ previousFailures: 0 });
  });
});

describe("per-address limits (A2)", () => {
  it("count two IPv6 addresses of one /64 as one client, and a neighbouring /64 apart", async () => {
    const l = await getLimiters();
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1`;
    const points = async (key: string) => (await l.loginPerIp.get(key))?.consumedPoints ?? 0;
    await assertLoginAllowed(uniqueEmail(), `${prefix}::1`);
    await assertLoginAllowed(uniqueEmail(), `${prefix}:ffff:ffff:ffff:fffe`);
    expect(await points(`${prefix}::/64`)).toBe(2);
    await assertLoginAllowed(uniqueEmail(), "198.51.100.200");
    await assertLoginAllowed(uniqueEmail(), "198.51.100.201");
    expect(await points("198.51.100.200")).toBeGreaterThanOrEqual(1);
    expect(await points("198.51.100.201")).toBeGreaterThanOrEqual(1);
  });
});

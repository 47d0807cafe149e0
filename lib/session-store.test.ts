import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisUrl } from "../e2e/support/storage.mjs";
import { loadConfigForTest } from "./config";
import { queryPlain } from "./plain-sql";
import { getRedis, redisKey } from "./redis";
import type { SessionStore } from "./session-store";
import { prismaSessionStore } from "./session-store-prisma";
import { redisSessionStore } from "./session-store-redis";
import { makeUser, sessionRecord as record } from "./test-helpers";

// One contract, two implementations: the database (SQLite here) and Redis (TEST_REDIS_URL,
// by default the machine's 127.0.0.1:6379, under a key prefix of this run's own).

const hour = 60 * 60 * 1000;
const redisPrefix = `unit-${crypto.randomBytes(4).toString("hex")}:`;

const stores: [string, SessionStore, () => void][] = [
  ["database", prismaSessionStore, () => loadConfigForTest(process.env)],
  [
    "redis",
    redisSessionStore,
    () => loadConfigForTest({ ...process.env, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redisPrefix, SESSION_STORE: "redis" }),
  ],
];

afterAll(async () => {
  const redis = getRedis();
  if (!redis) return;
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  expect(await redis.keys(`${redisPrefix}*`)).toEqual([]);
  await redis.quit();
  loadConfigForTest(process.env);
});

describe.each(stores)("session store: %s", (_name, store, configure) => {
  beforeAll(configure);

  it("returns what it stored, with the user, and nothing for an unknown id", async () => {
    const user = await makeUser();
    const session = record(user.id, { persistent: true, userAgent: "Firefox" });
    await store.create(session);
    const found = await store.findWithUser(session.id);
    expect(found?.session).toEqual(session);
    expect(found?.user).toMatchObject({ id: user.id, email: user.email, role: "user", disabledAt: null });
    expect(await store.findWithUser(crypto.randomBytes(32).toString("hex"))).toBeNull();
  });

  it("keeps how the session was signed in, in every read", async () => {
    const user = await makeUser();
    const session = record(user.id, { assurance: "aal2", method: "password+recovery-code" });
    await store.create(session);
    expect((await store.findWithUser(session.id))?.session).toMatchObject({ assurance: "aal2", method: "password+recovery-code" });
    expect((await store.listForUser(user.id, new Date()))[0]).toMatchObject({ assurance: "aal2", method: "password+recovery-code" });
    await store.extend(session, new Date(session.idleExpiresAt.getTime() + hour), new Date());
    expect((await store.findWithUser(session.id))?.session).toMatchObject({ assurance: "aal2", method: "password+recovery-code" });
    expect(await store.deleteByPublicId(user.id, session.publicId)).toMatchObject({ assurance: "aal2", method: "password+recovery-code" });
  });

  it("extends a live session and never revives a deleted one", async () => {
    const user = await makeUser();
    const session = record(user.id);
    await store.create(session);
    const later = new Date(session.idleExpiresAt.getTime() + hour);
    expect(await store.extend(session, later, new Date())).toBe(true);
    expect((await store.findWithUser(session.id))?.session.idleExpiresAt).toEqual(later);

    expect(await store.delete(session.id)).toBe(true);
    expect(await store.delete(session.id)).toBe(false);
    expect(await store.extend(session, later, new Date())).toBe(false);
    expect(await store.findWithUser(session.id)).toBeNull();
  });

  it("ends a session by its public id only for its own user", async () => {
    const [owner, other] = [await makeUser(), await makeUser()];
    const session = record(owner.id);
    await store.create(session);
    expect(await store.deleteByPublicId(other.id, session.publicId)).toBeNull();
    expect(await store.findWithUser(session.id)).not.toBeNull();
    expect((await store.deleteByPublicId(owner.id, session.publicId))?.id).toBe(session.id);
    expect(await store.findWithUser(session.id)).toBeNull();
  });

  it("lists a user's live sessions, most recently used first, and ends all but one", async () => {
    const [user, other] = [await makeUser(), await makeUser()];
    const now = Date.now();
    const old = record(user.id, { lastSeenAt: new Date(now - 3000) });
    const recent = record(user.id, { lastSeenAt: new Date(now - 1000) });
    const current = record(user.id, { lastSeenAt: new Date(now - 2000) });
    const expired = record(user.id, { idleExpiresAt: new Date(now - 1) });
    const theirs = record(other.id);
    for (const s of [old, recent, current, theirs]) await store.create(s);

    expect((await store.listForUser(user.id, new Date())).map((s) => s.id)).toEqual([recent.id, current.id, old.id]);
    expect(await store.deleteAllForUser(user.id, current.id)).toBe(2);
    expect((await store.listForUser(user.id, new Date())).map((s) => s.id)).toEqual([current.id]);
    expect(await store.findWithUser(theirs.id)).not.toBeNull();
    await store.create(expired);
    expect((await store.listForUser(user.id, new Date())).map((s) => s.id)).toEqual([current.id]);
  });

  it("trims a user's sessions to the most recently used", async () => {
    const user = await makeUser();
    const now = Date.now();
    const sessions = [0, 1, 2, 3].map((i) => record(user.id, { lastSeenAt: new Date(now - i * 1000) }));
    for (const s of sessions) await store.create(s);
    expect(await store.trimForUser(user.id, 2)).toBe(2);
    expect((await store.listForUser(user.id, new Date())).map((s) => s.id)).toEqual([sessions[0]!.id, sessions[1]!.id]);
  });

  it("counts live sessions and purges expired ones in batches", async () => {
    const user = await makeUser();
    const now = Date.now();
    const before = await store.countActive(new Date());
    const live = record(user.id);
    const expiredSoon = record(user.id, { idleExpiresAt: new Date(now + 300) });
    await store.create(live);
    await store.create(expiredSoon);
    expect(await store.countActive(new Date())).toBe(before + 2);

    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await store.countActive(new Date())).toBe(before + 1);
    let purged = 0;
    for (let batch = 1; batch > 0; purged += batch) batch = await store.deleteExpired(new Date(), 1);
    expect(purged).toBeGreaterThanOrEqual(1);
    expect((await store.listForUser(user.id, new Date())).map((s) => s.id)).toEqual([live.id]);
    expect(await store.findWithUser(live.id)).not.toBeNull();
  });
});

describe("assurance of records written before it, or by hand", () => {
  it("a database row with the migration's defaults, or an unknown method, reads as a password sign-in", async () => {
    loadConfigForTest(process.env);
    const user = await makeUser();
    const { assurance: _assurance, method: _method, ...legacy } = record(user.id);
    const forged = record(user.id, { assurance: "aal2", method: "password+totp" });
    // As the migration leaves an existing row: the columns' defaults.
    const columns = Object.keys(legacy) as (keyof typeof legacy)[];
    await queryPlain(
      `INSERT INTO "Session" (${columns.map((column) => `"${column}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      columns.map((column) => legacy[column]),
    );
    await prismaSessionStore.create(forged);
    // A level its method cannot give is not believed.
    await queryPlain(`UPDATE "Session" SET "method" = 'sms' WHERE "id" = ?`, [forged.id]);
    expect((await prismaSessionStore.findWithUser(legacy.id))?.session).toMatchObject({ assurance: "aal1", method: "password" });
    expect((await prismaSessionStore.findWithUser(forged.id))?.session).toMatchObject({ assurance: "aal1", method: "password" });
  });

  it("a Redis record without the fields reads as a password sign-in", async () => {
    stores[1]![2]();
    const user = await makeUser();
    const session = record(user.id, { assurance: "aal2", method: "passkey" });
    await redisSessionStore.create(session);
    await getRedis()!.hdel(redisKey("session", session.id), "assurance", "method");
    expect((await redisSessionStore.findWithUser(session.id))?.session).toMatchObject({ assurance: "aal1", method: "password" });
    await getRedis()!.hset(redisKey("session", session.id), { assurance: "aal2" });
    expect((await redisSessionStore.findWithUser(session.id))?.session).toMatchObject({ assurance: "aal1", method: "password" });
  });
});

describe("Redis layout", () => {
  beforeAll(stores[1]![2]);

  it("lets Redis expire the record at its deadline and indexes it by last use", async () => {
    const user = await makeUser();
    const session = record(user.id, { idleExpiresAt: new Date(Date.now() + 5000) });
    await redisSessionStore.create(session);
    const redis = getRedis()!;
    const ttl = await redis.pttl(redisKey("session", session.id));
    expect(ttl).toBeGreaterThan(3000);
    expect(ttl).toBeLessThanOrEqual(5000);
    expect(await redis.zscore(redisKey("user-sessions", user.id), session.id)).toBe(String(session.lastSeenAt.getTime()));
  });
});

import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisUrl } from "../e2e/support/storage.mjs";
import { loadConfigForTest } from "./config";
import { getRedis, readyRedis, redisKey } from "./redis";
import { redisSessionStore as store } from "./session-store-redis";
import { makeUser, sessionRecord, setUserColumns } from "./test-helpers";
import { readSessionWithCopy, storeUserCopy } from "./user-copy-redis";
import { deleteUserRecord } from "./user-directory";

// The account's copy beside the sessions in Redis: read with the session, and never
// left standing by a change of the account (each test below is the change an attacker
// would want a stale copy to survive).

const redisPrefix = `unit-copy-${crypto.randomBytes(4).toString("hex")}:`;

/** Changes the account in the database only, as another instance's request would, before it forgets the copy. */
async function changeInDatabase(id: string, data: { role?: "admin" | "user"; name?: string; credentialVersion?: number }) {
  await setUserColumns(id, { ...data, updatedAt: new Date() });
}

beforeAll(() => loadConfigForTest({ ...process.env, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redisPrefix, SESSION_STORE: "redis" }));

afterAll(async () => {
  const redis = getRedis();
  if (!redis) return;
  const keys = await redis.keys(`${redisPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  loadConfigForTest(process.env);
});

describe("the account's copy in Redis", () => {
  it("is read with the session once stored, and read afresh after forgetUser", async () => {
    const user = await makeUser();
    const session = sessionRecord(user.id);
    await store.create(session);
    expect((await readSessionWithCopy(await readyRedis(), session.id))?.copy).toBeNull();
    expect((await store.findWithUser(session.id))?.user.role).toBe("user");
    expect((await readSessionWithCopy(await readyRedis(), session.id))?.copy?.user).toMatchObject({ id: user.id, role: "user" });

    await changeInDatabase(user.id, { role: "admin", name: "Promoted" });
    // Until the change is announced the copy answers: this is what forgetUser exists for.
    expect((await store.findWithUser(session.id))?.user.role).toBe("user");
    await store.forgetUser(user.id);
    expect((await store.findWithUser(session.id))?.user).toMatchObject({ role: "admin", name: "Promoted" });
  });

  it("is not stored by a read that began before a change (the change's drop came first)", async () => {
    const user = await makeUser();
    const session = sessionRecord(user.id);
    await store.create(session);
    const redis = await readyRedis();
    const before = await readSessionWithCopy(redis, session.id);
    const stale = { user: { ...user, role: "admin" as const }, credentialVersion: 0 };
    await store.forgetUser(user.id);
    expect(await storeUserCopy(redis, user.id, before!.generation, stale)).toBe(false);
    expect((await store.findWithUser(session.id))?.user.role).toBe("user");
    // The same store with the count read after the change goes through.
    const after = await readSessionWithCopy(redis, session.id);
    expect(await storeUserCopy(redis, user.id, after!.generation, stale)).toBe(true);
  });

  it("goes with the sessions when all of the user's end: a new session sees the new credential version", async () => {
    const user = await makeUser();
    const old = sessionRecord(user.id);
    await store.create(old);
    expect((await store.findWithUser(old.id))?.userCredentialVersion).toBe(0);
    await changeInDatabase(user.id, { credentialVersion: 1 });
    await store.deleteAllForUser(user.id);
    const fresh = sessionRecord(user.id, { credentialVersion: 1 });
    await store.create(fresh);
    expect((await store.findWithUser(fresh.id))?.userCredentialVersion).toBe(1);
  });

  it("is ignored when it is not whole or not this user's", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const session = sessionRecord(user.id);
    await store.create(session);
    const redis = await readyRedis();
    for (const planted of ["not json", JSON.stringify({ ...other, credentialVersion: 0 }), JSON.stringify({ id: user.id })]) {
      await redis.set(redisKey("user-copy", user.id), planted);
      expect((await readSessionWithCopy(redis, session.id))?.copy).toBeNull();
      expect((await store.findWithUser(session.id))?.user).toMatchObject({ id: user.id, email: user.email });
      await store.forgetUser(user.id);
    }
  });

  it("outlives nothing: a deleted account's session finds no account and ends", async () => {
    const user = await makeUser();
    const session = sessionRecord(user.id);
    await store.create(session);
    await store.findWithUser(session.id);
    await store.deleteAllForUser(user.id);
    await deleteUserRecord(user.id);
    expect(await store.findWithUser(session.id)).toBeNull();
    expect(await (await readyRedis()).exists(redisKey("user-copy", user.id))).toBe(0);
  });
});

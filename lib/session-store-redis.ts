import type { Redis } from "ioredis";
import { execute, redisScript, runScript, withRedis } from "./redis";
import { deadline, expiriesKey, expiryMember, fromHash, sessionKey, toHash, userSessionsKey } from "./session-record-redis";
import type { SessionRecord, SessionStore } from "./session-store";
import { findSessionUser } from "./user";
import { forgetUserCopy, readSessionWithCopy, storeUserCopy } from "./user-copy-redis";

// Sessions in Redis, users in the database (SESSION_STORE=redis); the keys and the record's
// fields are lib/session-record-redis.ts, the copy of each account that validation reads
// with the session lib/user-copy-redis.ts.
// Redis's expiry is the backstop; deadlines are still checked on every validation.
// Any Redis failure surfaces as RedisUnavailableError, which fails closed (503).

// Renewal in one step, so a logout racing it is never undone: an ended session stays ended.
const extendScript = redisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'idleExpiresAt', ARGV[1], 'lastSeenAt', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[4])
redis.call('ZADD', KEYS[3], 'XX', ARGV[3], ARGV[5])
return 1`);

// Drops index entries of a session Redis has already expired (never of a live one).
const pruneScript = redisScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[2])
return 1`);

/** The user's sessions, most recently used first, pruning index entries Redis has expired. */
async function readUserSessions(redis: Redis, userId: string): Promise<SessionRecord[]> {
  const ids = await redis.zrange(userSessionsKey(userId), "0", "-1", "REV");
  if (ids.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hgetall(sessionKey(id));
  const hashes = await execute(pipeline);
  const sessions: SessionRecord[] = [];
  const gone: string[] = [];
  ids.forEach((id, index) => {
    const session = fromHash(id, hashes[index] as Record<string, string>);
    if (session) sessions.push(session);
    else gone.push(id);
  });
  if (gone.length > 0)
    await prune(
      redis,
      gone.map((id) => ({ userId, id })),
    );
  return sessions;
}

async function prune(redis: Redis, entries: { userId: string; id: string }[]): Promise<number> {
  const pipeline = redis.pipeline();
  for (const { userId, id } of entries) {
    pipeline.eval(pruneScript.source, 3, sessionKey(id), userSessionsKey(userId), expiriesKey(), id, expiryMember(userId, id));
  }
  return (await execute(pipeline)).filter((pruned) => pruned === 1).length;
}

/** Ends the sessions `ids` of `userId` (and with `forgetCopy`, the account's copy) in one MULTI. */
async function deleteSessions(redis: Redis, userId: string, ids: string[], { forgetCopy = false } = {}): Promise<number> {
  if (ids.length === 0 && !forgetCopy) return 0;
  const multi = redis.multi();
  for (const id of ids) {
    multi.del(sessionKey(id));
    multi.zrem(userSessionsKey(userId), id);
    multi.zrem(expiriesKey(), expiryMember(userId, id));
  }
  if (forgetCopy) forgetUserCopy(multi, userId);
  const results = await execute(multi);
  // Of the sessions' commands, every third is a DEL: 1 when the session still existed.
  return results.slice(0, ids.length * 3).filter((result, index) => index % 3 === 0 && result === 1).length;
}

export const redisSessionStore: SessionStore = {
  async create(session) {
    const expiresAt = deadline(session);
    const absolute = session.absoluteExpiresAt.getTime();
    await withRedis(async (redis) => {
      const userKey = userSessionsKey(session.userId);
      await execute(
        redis
          .multi()
          .hset(sessionKey(session.id), toHash(session))
          .pexpireat(sessionKey(session.id), expiresAt)
          .zadd(userKey, session.lastSeenAt.getTime(), session.id)
          // The index lives as long as its longest-lived session: set when new, else only raised.
          .pexpireat(userKey, absolute, "NX")
          .pexpireat(userKey, absolute, "GT")
          .zadd(expiriesKey(), expiresAt, expiryMember(session.userId, session.id)),
      );
    });
  },

  async findWithUser(id) {
    // One round trip while the account's copy is in Redis; without it, one indexed read of the
    // account (its name, role and status change in the database) and the copy stored for next time.
    const read = await withRedis((redis) => readSessionWithCopy(redis, id));
    if (!read) return null;
    const { session, copy, generation } = read;
    if (copy) return { session, user: copy.user, userCredentialVersion: copy.credentialVersion };
    const found = await findSessionUser(session.userId);
    if (!found) {
      await withRedis((redis) => deleteSessions(redis, session.userId, [id]));
      return null;
    }
    await withRedis((redis) => storeUserCopy(redis, session.userId, generation, found));
    return { session, user: found.user, userCredentialVersion: found.credentialVersion };
  },

  async extend(session, idleExpiresAt, lastSeenAt) {
    const expiresAt = Math.min(idleExpiresAt.getTime(), session.absoluteExpiresAt.getTime());
    const extended = await withRedis((redis) =>
      runScript(
        redis,
        extendScript,
        [sessionKey(session.id), userSessionsKey(session.userId), expiriesKey()],
        [idleExpiresAt.getTime(), lastSeenAt.getTime(), expiresAt, session.id, expiryMember(session.userId, session.id)],
      ),
    );
    return extended === 1;
  },

  async delete(id) {
    return withRedis(async (redis) => {
      const userId = await redis.hget(sessionKey(id), "userId");
      if (!userId) return false;
      return (await deleteSessions(redis, userId, [id])) > 0;
    });
  },

  async deleteByPublicId(userId, publicId) {
    return withRedis(async (redis) => {
      // Only this user's sessions are looked at: another user's id behaves exactly like a missing one.
      const session = (await readUserSessions(redis, userId)).find((s) => s.publicId === publicId);
      if (!session) return null;
      return (await deleteSessions(redis, userId, [session.id])) > 0 ? session : null;
    });
  },

  async deleteAllForUser(userId, exceptId) {
    return withRedis(async (redis) => {
      const ids = await redis.zrange(userSessionsKey(userId), "0", "-1");
      // Every credential change ends all sessions: the copy, with the old version, goes with them.
      const ending = ids.filter((id) => id !== exceptId);
      return deleteSessions(redis, userId, ending, { forgetCopy: true });
    });
  },

  async forgetUser(userId) {
    await withRedis((redis) => execute(forgetUserCopy(redis.multi(), userId)));
  },

  async listForUser(userId, now) {
    const sessions = await withRedis((redis) => readUserSessions(redis, userId));
    return sessions.filter((s) => s.idleExpiresAt > now && s.absoluteExpiresAt > now);
  },

  async trimForUser(userId, keep) {
    return withRedis(async (redis) => {
      // Counting is cheap; reading every session is not, and is needed only past the cap.
      if ((await redis.zcard(userSessionsKey(userId))) <= keep) return 0;
      const surplus = (await readUserSessions(redis, userId)).slice(keep);
      return deleteSessions(
        redis,
        userId,
        surplus.map((s) => s.id),
      );
    });
  },

  async deleteExpired(now, limit) {
    // Redis has already deleted the sessions themselves; this keeps the indexes from growing.
    return withRedis(async (redis) => {
      const members = await redis.zrangebyscore(expiriesKey(), "-inf", String(now.getTime()), "LIMIT", "0", String(limit));
      if (members.length === 0) return 0;
      return prune(
        redis,
        members.map((member) => {
          // The session id (hex) never holds a colon; split at the last one.
          const at = member.lastIndexOf(":");
          return { userId: member.slice(0, at), id: member.slice(at + 1) };
        }),
      );
    });
  },

  async countActive(now) {
    return withRedis((redis) => redis.zcount(expiriesKey(), `(${now.getTime()}`, "+inf"));
  },
} satisfies SessionStore;

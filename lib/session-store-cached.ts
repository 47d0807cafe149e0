import type { SessionStore, SessionWithUser } from "./session-store";
import { cacheSession, evictionCount, forgetCachedSession, readCachedSession, updateCachedSession } from "./session-cache";
import { evictSession, evictUser, sessionCacheTtlMs } from "./session-eviction";

// A store in front of another (Django's cached_db): reads go through to the inner
// store and are kept for SESSION_CACHE_TTL; renewals write through; every ending
// changes the inner store first and evicts after (here and, through Redis, on every
// instance), so an instance reading the store in between cannot cache the session again.
// Concurrent reads of one session share one read of the inner store, and their
// renewals one write, unless a session was ended since that read began.

type Shared<T> = { result: Promise<T>; evictionCount: number };

export function cachedSessionStore(inner: SessionStore): SessionStore {
  const reads = new Map<string, Shared<SessionWithUser | null>>();
  const renewals = new Map<string, Shared<boolean>>();

  /** Runs `work` once for concurrent callers of one key, unless an eviction came between them. */
  async function once<T>(inFlight: Map<string, Shared<T>>, key: string, work: (evictionCountAtStart: number) => Promise<T>): Promise<T> {
    const joined = inFlight.get(key);
    if (joined && joined.evictionCount === evictionCount()) return joined.result;
    const started: Shared<T> = { result: work(evictionCount()), evictionCount: evictionCount() };
    inFlight.set(key, started);
    try {
      return await started.result;
    } finally {
      if (inFlight.get(key) === started) inFlight.delete(key);
    }
  }

  return {
    create: (session) => inner.create(session),

    async findWithUser(id) {
      const ttlMs = sessionCacheTtlMs();
      const cached = ttlMs > 0 ? readCachedSession(id, ttlMs, Date.now()) : null;
      if (cached) return cached;
      return once(reads, id, async (evictionCountAtRead) => {
        const found = await inner.findWithUser(id);
        if (found && ttlMs > 0) cacheSession(found, Date.now(), evictionCountAtRead);
        return found;
      });
    },

    async extend(session, idleExpiresAt, lastSeenAt) {
      // Claimed in the cache before the write, so later requests on this entry do not write too.
      updateCachedSession(session.id, { idleExpiresAt, lastSeenAt });
      return once(renewals, `${session.id}:${session.idleExpiresAt.getTime()}`, async () => {
        try {
          const extended = await inner.extend(session, idleExpiresAt, lastSeenAt);
          // Ended by a racing logout (or on another instance) between the read and this write: stays ended.
          if (!extended) forgetCachedSession(session.id);
          return extended;
        } catch (error) {
          forgetCachedSession(session.id);
          throw error;
        }
      });
    },

    async delete(id) {
      const deleted = await inner.delete(id);
      await evictSession(id);
      return deleted;
    },

    async deleteByPublicId(userId, publicId) {
      const deleted = await inner.deleteByPublicId(userId, publicId);
      if (deleted) await evictSession(deleted.id);
      return deleted;
    },

    async deleteAllForUser(userId, exceptId) {
      const deleted = await inner.deleteAllForUser(userId, exceptId);
      await evictUser(userId);
      return deleted;
    },

    async trimForUser(userId, keep) {
      const deleted = await inner.trimForUser(userId, keep);
      if (deleted > 0) await evictUser(userId);
      return deleted;
    },

    // Expired sessions need no eviction: every read checks the deadlines, cached or not.
    deleteExpired: (now, limit) => inner.deleteExpired(now, limit),
    listForUser: (userId, now) => inner.listForUser(userId, now),
    countActive: (now) => inner.countActive(now),
    // The account's sessions are read afresh, on every instance: from the account, not from a copy of it.
    async forgetUser(userId) {
      await inner.forgetUser(userId);
      await evictUser(userId);
    },
  };
}

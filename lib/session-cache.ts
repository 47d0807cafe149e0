import { recordCacheLookup } from "./metrics";
import type { SessionWithUser } from "./session-store";

// Validated sessions of this process, keyed by the raw cookie value, so a repeat
// request skips both the unseal and the store. An entry is trusted for at most
// SESSION_CACHE_TTL seconds (what another instance's revocation may take to be
// seen here); this instance's own logouts and revocations evict at once.

type Entry = SessionWithUser & { cookie: string; cachedAt: number };

const maxEntries = 10_000;

// One cache per process: Next bundles proxy.ts, pages and route handlers apart, each
// with its own copy of this module, and an eviction must reach all of them.
const shared = globalThis as unknown as {
  sessionCache?: {
    byCookie: Map<string, Entry>;
    cookieBySession: Map<string, string>;
    sessionsByUser: Map<string, Set<string>>;
    evictions: { count: number };
  };
};
shared.sessionCache ??= { byCookie: new Map(), cookieBySession: new Map(), sessionsByUser: new Map(), evictions: { count: 0 } };
const { byCookie, cookieBySession, sessionsByUser, evictions } = shared.sessionCache;

/**
 * Counts evictions. A read of the store that began before an eviction may have
 * seen the session just ended: its result must not be cached (or shared).
 */
export function evictionCount(): number {
  return evictions.count;
}

export function readCachedSession(cookie: string, ttlMs: number, now: number): SessionWithUser | null {
  const entry = byCookie.get(cookie);
  if (!entry) {
    recordCacheLookup(false);
    return null;
  }
  if (now - entry.cachedAt >= ttlMs) {
    remove(entry.session.id);
    recordCacheLookup(false);
    return null;
  }
  recordCacheLookup(true);
  return { session: entry.session, user: entry.user, userCredentialVersion: entry.userCredentialVersion };
}

/** Caches a session read from the store, unless an eviction happened since the read began. */
export function cacheSession(cookie: string, found: SessionWithUser, now: number, evictionCountAtRead: number): void {
  if (evictions.count !== evictionCountAtRead) return;
  remove(found.session.id);
  // Map keeps insertion order: the first key is the oldest entry.
  if (byCookie.size >= maxEntries) {
    const oldest = byCookie.values().next().value;
    if (oldest) remove(oldest.session.id);
  }
  byCookie.set(cookie, { ...found, cookie, cachedAt: now });
  cookieBySession.set(found.session.id, cookie);
  const sessions = sessionsByUser.get(found.user.id) ?? new Set<string>();
  sessions.add(found.session.id);
  sessionsByUser.set(found.user.id, sessions);
}

/** After a renewal: the new deadline, keeping the entry's age. */
export function updateCachedSession(found: SessionWithUser): void {
  const cookie = cookieBySession.get(found.session.id);
  const entry = cookie ? byCookie.get(cookie) : undefined;
  if (entry) byCookie.set(entry.cookie, { ...entry, ...found });
}

export function forgetCachedSession(sessionId: string): void {
  evictions.count++;
  remove(sessionId);
}

function remove(sessionId: string): void {
  const cookie = cookieBySession.get(sessionId);
  if (cookie === undefined) return;
  const entry = byCookie.get(cookie);
  byCookie.delete(cookie);
  cookieBySession.delete(sessionId);
  if (!entry) return;
  const sessions = sessionsByUser.get(entry.user.id);
  sessions?.delete(sessionId);
  if (sessions?.size === 0) sessionsByUser.delete(entry.user.id);
}

export function forgetCachedUser(userId: string): void {
  evictions.count++;
  for (const sessionId of sessionsByUser.get(userId) ?? []) remove(sessionId);
  sessionsByUser.delete(userId);
}

/** When evictions may have been missed (the invalidation channel was down). */
export function forgetAllCachedSessions(): void {
  evictions.count++;
  byCookie.clear();
  cookieBySession.clear();
  sessionsByUser.clear();
}

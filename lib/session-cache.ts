import { recordCacheLookup } from "./metric-counts";
import type { SessionWithUser } from "./session-store";

// Sessions this process read from the store, keyed by their id (the token's hash), so
// a repeat request skips the store. An entry is trusted for at most SESSION_CACHE_TTL
// seconds (what another instance's revocation may take to be seen here); this
// instance's own endings evict at once. Used by lib/session-store-cached.ts only.

type Entry = SessionWithUser & { cachedAt: number };

const maxEntries = 10_000;

// One cache per process: Next bundles proxy.ts, pages and route handlers apart, each
// with its own copy of this module, and an eviction must reach all of them.
const shared = globalThis as unknown as {
  sessionCache?: { byId: Map<string, Entry>; sessionsByUser: Map<string, Set<string>>; evictions: { count: number } };
};
shared.sessionCache ??= { byId: new Map(), sessionsByUser: new Map(), evictions: { count: 0 } };
const { byId, sessionsByUser, evictions } = shared.sessionCache;

/**
 * Counts evictions. A read of the store that began before an eviction may have
 * seen the session just ended: its result must not be cached (or shared).
 */
export function evictionCount(): number {
  return evictions.count;
}

export function readCachedSession(id: string, ttlMs: number, now: number): SessionWithUser | null {
  const entry = byId.get(id);
  if (!entry) {
    recordCacheLookup(false);
    return null;
  }
  if (now - entry.cachedAt >= ttlMs) {
    remove(id);
    recordCacheLookup(false);
    return null;
  }
  recordCacheLookup(true);
  return { session: entry.session, user: entry.user, userCredentialVersion: entry.userCredentialVersion };
}

/** Caches a session read from the store, unless an eviction happened since the read began. */
export function cacheSession(found: SessionWithUser, now: number, evictionCountAtRead: number): void {
  if (evictions.count !== evictionCountAtRead) return;
  const { id } = found.session;
  remove(id);
  // Map keeps insertion order: the first key is the oldest entry.
  if (byId.size >= maxEntries) {
    const oldest = byId.keys().next().value;
    if (oldest !== undefined) remove(oldest);
  }
  byId.set(id, { ...found, cachedAt: now });
  const sessions = sessionsByUser.get(found.user.id) ?? new Set<string>();
  sessions.add(id);
  sessionsByUser.set(found.user.id, sessions);
}

/** After a renewal: the new deadline, keeping the entry's age. */
export function updateCachedSession(id: string, changes: { idleExpiresAt: Date; lastSeenAt: Date }): void {
  const entry = byId.get(id);
  if (entry) byId.set(id, { ...entry, session: { ...entry.session, ...changes } });
}

export function forgetCachedSession(id: string): void {
  evictions.count++;
  remove(id);
}

function remove(id: string): void {
  const entry = byId.get(id);
  if (!entry) return;
  byId.delete(id);
  const sessions = sessionsByUser.get(entry.user.id);
  sessions?.delete(id);
  if (sessions?.size === 0) sessionsByUser.delete(entry.user.id);
}

export function forgetCachedUser(userId: string): void {
  evictions.count++;
  for (const id of sessionsByUser.get(userId) ?? []) remove(id);
  sessionsByUser.delete(userId);
}

/** When evictions may have been missed (the invalidation channel was down). */
export function forgetAllCachedSessions(): void {
  evictions.count++;
  byId.clear();
  sessionsByUser.clear();
}

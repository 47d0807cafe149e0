import crypto from "node:crypto";
import { type Assurance, assuranceOf, type SignInMethod } from "./assurance";
import { getConfig } from "./config";
import { serviceUnavailable } from "./errors";
import { log } from "./log";
import type { ClientInfo } from "./security-events";
import { type ExpiryPolicy, initialDeadlines, isExpired, renewedIdleDeadline } from "./session-expiry";
import type { SessionRecord, SessionStore, SessionWithUser } from "./session-store";
import { prismaSessionStore } from "./session-store-prisma";
import { redisSessionStore } from "./session-store-redis";
import { cacheSession, evictionCount, forgetCachedSession, readCachedSession, updateCachedSession } from "./session-cache";
import { evictSession, evictUser, sessionCacheTtlMs } from "./session-eviction";
import { unsealSessionToken } from "./session-cookie";
import { readCredentialVersion } from "./user";
import { timeSessionStore } from "./metrics";

export type { SessionRecord, SessionWithUser };

export type ValidatedSession = SessionWithUser & {
  /** True when this validation moved the idle deadline: the cookie should be sent again. */
  renewed: boolean;
};

// Timed where the app calls them, so the metrics show what a request waits for.
const timedRedisStore = timeSessionStore(redisSessionStore);
const timedPrismaStore = timeSessionStore(prismaSessionStore);

function sessionStore(): SessionStore {
  return getConfig().sessionStore === "redis" ? timedRedisStore : timedPrismaStore;
}

/** The lifetimes of a session of this level: aal2's own limits (SESSION_AAL2_*) only ever shorten the general ones. */
export function expiryPolicy(assurance: Assurance): ExpiryPolicy {
  const config = getConfig();
  const policy = {
    idleTimeoutSeconds: config.sessionIdleTimeoutSeconds,
    rememberIdleTimeoutSeconds: config.sessionRememberIdleTimeoutSeconds,
    absoluteTimeoutSeconds: config.sessionAbsoluteTimeoutSeconds,
    renewalFraction: config.sessionRenewalFraction,
  };
  if (assurance === "aal1") return policy;
  const idle = config.sessionAal2IdleTimeoutSeconds;
  return {
    ...policy,
    idleTimeoutSeconds: Math.min(policy.idleTimeoutSeconds, idle),
    rememberIdleTimeoutSeconds: Math.min(policy.rememberIdleTimeoutSeconds, idle),
    absoluteTimeoutSeconds: Math.min(policy.absoluteTimeoutSeconds, config.sessionAal2AbsoluteTimeoutSeconds),
  };
}

/** 256 bits from the platform CSPRNG, base64url: unguessable and cookie-safe. */
export function generateSessionToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

/** The store keys sessions by this hash, so a leaked table yields no usable token. */
export function hashSessionToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * A new session for a sign-in that checked the credentials of `credentialVersion`
 * (lib/credential-version.ts). Null when the account's version has moved since: a
 * password check that was still running when the password changed yields nothing.
 * Its assurance level follows from `method` alone (lib/assurance.ts).
 */
export async function createSession(
  userId: string,
  options: { persistent: boolean; notAfter?: Date; credentialVersion: number; method: SignInMethod } & ClientInfo,
): Promise<{ token: string; session: SessionRecord } | null> {
  const token = generateSessionToken();
  const now = new Date();
  const assurance = assuranceOf(options.method);
  const session: SessionRecord = {
    id: hashSessionToken(token),
    publicId: crypto.randomBytes(16).toString("base64url"),
    userId,
    createdAt: now,
    lastSeenAt: now,
    ...initialDeadlines(expiryPolicy(assurance), options.persistent, now, options.notAfter),
    persistent: options.persistent,
    ipAddress: options.ipAddress,
    userAgent: options.userAgent,
    credentialVersion: options.credentialVersion,
    assurance,
    method: options.method,
  };
  await sessionStore().create(session);
  // Read after the write: a change that lands later still finds this session (and ends
  // it, or validation refuses it); one that landed earlier is seen here.
  if ((await readCredentialVersion(userId)) !== options.credentialVersion) {
    await sessionStore().delete(session.id);
    return null;
  }
  if ((await sessionStore().trimForUser(userId, getConfig().sessionMaxPerUser)) > 0) await evictUser(userId);
  return { token, session };
}

/**
 * The session and user behind a token, or null when there is none: unknown,
 * expired and deleted records all mean "not signed in". Throws 503 when the
 * store cannot answer, so a failing store never lets anyone in.
 */
export async function validateSessionToken(token: string, options: { renew: boolean }): Promise<ValidatedSession | null> {
  return failClosed(async () => {
    const found = await sessionStore().findWithUser(hashSessionToken(token));
    return found ? checkSession(found, options, new Date()) : null;
  });
}

type Validation = { result: Promise<ValidatedSession | null>; evictionCount: number };
const validationsInFlight = new Map<string, Validation>();

/**
 * Like validateSessionToken, for a cookie value as the browser sent it. A cookie
 * validated within the last SESSION_CACHE_TTL seconds skips the unseal and the
 * store; its deadlines are still checked, and renewal still writes through.
 * Concurrent requests with one cookie share one read of the store, and so renew
 * it once, unless a session was ended since that read began.
 */
export async function validateSessionCookie(seal: string | undefined, options: { renew: boolean }): Promise<ValidatedSession | null> {
  if (!seal) return null;
  const ttlMs = sessionCacheTtlMs();
  const now = new Date();
  const cached = ttlMs > 0 ? readCachedSession(seal, ttlMs, now.getTime()) : null;
  if (cached) return failClosed(() => checkSession(cached, options, now));

  const key = `${options.renew ? "renew" : "read"}:${seal}`;
  const inFlight = validationsInFlight.get(key);
  if (inFlight && inFlight.evictionCount === evictionCount()) return inFlight.result;
  const validation: Validation = { result: readSessionCookie(seal, options, ttlMs, now), evictionCount: evictionCount() };
  validationsInFlight.set(key, validation);
  try {
    return await validation.result;
  } finally {
    if (validationsInFlight.get(key) === validation) validationsInFlight.delete(key);
  }
}

async function readSessionCookie(seal: string, options: { renew: boolean }, ttlMs: number, now: Date) {
  const evictionCountAtRead = evictionCount();
  const token = await unsealSessionToken(seal);
  if (!token) return null;
  const validated = await validateSessionToken(token, options);
  if (validated && ttlMs > 0) cacheSession(seal, validated, now.getTime(), evictionCountAtRead);
  return validated;
}

async function failClosed<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    log.error("session store unavailable", { error: String(error) });
    throw serviceUnavailable();
  }
}

/** Deadlines, account status and renewal for a session just read from the store or the cache. */
async function checkSession(found: SessionWithUser, options: { renew: boolean }, now: Date): Promise<ValidatedSession | null> {
  const { id } = found.session;
  // A disabled account keeps no sessions; this also covers a disable racing a sign-in.
  // A session from before the account's last credential change has ended too.
  if (isExpired(found.session, now) || found.user.disabledAt || found.session.credentialVersion !== found.userCredentialVersion) {
    forgetCachedSession(id);
    await sessionStore().delete(id);
    return null;
  }
  const idleExpiresAt = options.renew ? renewedIdleDeadline(expiryPolicy(found.session.assurance), found.session, now) : null;
  if (!idleExpiresAt) return { ...found, renewed: false };
  const renewed = { ...found, session: { ...found.session, idleExpiresAt, lastSeenAt: now } };
  // Claimed in the cache before the write, so concurrent requests on this entry do not write too.
  updateCachedSession(renewed);
  let extended: boolean;
  try {
    extended = await sessionStore().extend(found.session, idleExpiresAt, now);
  } catch (error) {
    forgetCachedSession(id);
    throw error;
  }
  if (!extended) {
    // Ended by a racing logout (or on another instance) between our read and our write: stay ended.
    forgetCachedSession(id);
    return null;
  }
  return { ...renewed, renewed: true };
}

// Each ending below changes the store first and evicts caches after: an instance
// reading the store in between cannot cache the session again.

export async function invalidateSession(sessionId: string): Promise<void> {
  await sessionStore().delete(sessionId);
  await evictSession(sessionId);
}

/** Ends every session of the user, or every one but `exceptSessionId`. */
export async function invalidateUserSessions(userId: string, exceptSessionId?: string): Promise<number> {
  const ended = await sessionStore().deleteAllForUser(userId, exceptSessionId);
  await evictUser(userId);
  return ended;
}

export async function revokeSession(userId: string, publicId: string): Promise<SessionRecord | null> {
  const ended = await sessionStore().deleteByPublicId(userId, publicId);
  if (ended) await evictSession(ended.id);
  return ended;
}

/** After a change to the account (role, name, status): its sessions are read afresh, on every instance. */
export async function refreshUserSessions(userId: string): Promise<void> {
  await evictUser(userId);
}

export async function listSessions(userId: string): Promise<SessionRecord[]> {
  return sessionStore().listForUser(userId, new Date());
}

export async function countActiveSessions(now = new Date()): Promise<number> {
  return sessionStore().countActive(now);
}

/**
 * Deletes expired sessions in small batches, yielding between them, so a large
 * backlog never holds the database (or the event loop) for long.
 */
export async function purgeExpiredSessions(batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await sessionStore().deleteExpired(new Date(), batchSize);
    total += deleted;
    if (deleted < batchSize) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

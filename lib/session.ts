import crypto from "node:crypto";
import { type Assurance, assuranceOf, type SignInMethod } from "./assurance";
import { getConfig } from "./config";
import { serviceUnavailable } from "./errors";
import { log } from "./log";
import { timeSessionStore } from "./metrics";
import type { ClientInfo } from "./security-events";
import { type ExpiryPolicy, initialDeadlines, isExpired, renewedIdleDeadline } from "./session-expiry";
import type { SessionRecord, SessionWithUser } from "./session-store";
import { cachedSessionStore } from "./session-store-cached";
import { prismaSessionStore } from "./session-store-prisma";
import { redisSessionStore } from "./session-store-redis";
import { purgeBatchSize, yieldToEventLoop } from "./load-shaping.mjs";
import { generateToken, hashToken } from "./token";
import { readCredentialVersion } from "./user";

// Sessions: a random token in, its session and user out. Nothing here knows of
// cookies (lib/session-cookie.ts, lib/request-session.ts) or of the cache, which is
// a store in front of the real one (lib/session-store-cached.ts).

export type { SessionRecord, SessionWithUser };

export type ValidatedSession = SessionWithUser & {
  /** True when this validation moved the idle deadline: the cookie should be sent again. */
  renewed: boolean;
};

// Timed under the cache, so the metrics show what a request waits for on the backend.
const redisStore = cachedSessionStore(timeSessionStore(redisSessionStore));
const databaseStore = cachedSessionStore(timeSessionStore(prismaSessionStore));

function sessionStore() {
  return getConfig().sessionStore === "redis" ? redisStore : databaseStore;
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
  const token = generateToken();
  const now = new Date();
  const assurance = assuranceOf(options.method);
  const session: SessionRecord = {
    id: hashToken(token),
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
  await sessionStore().trimForUser(userId, getConfig().sessionMaxPerUser);
  return { token, session };
}

/**
 * The session and user behind a token, or null when there is none: unknown,
 * expired, revoked and outdated records all mean "not signed in". With `renew`,
 * a session due for renewal gets a later idle deadline. Throws 503 when the store
 * cannot answer, so a failing store never lets anyone in.
 */
export async function validateSessionToken(token: string, options: { renew: boolean }): Promise<ValidatedSession | null> {
  try {
    const found = await sessionStore().findWithUser(hashToken(token));
    return found ? await checkSession(found, options, new Date()) : null;
  } catch (error) {
    log.error("session store unavailable", { error: String(error) });
    throw serviceUnavailable();
  }
}

async function checkSession(found: SessionWithUser, options: { renew: boolean }, now: Date): Promise<ValidatedSession | null> {
  // A disabled account keeps no sessions; this also covers a disable racing a sign-in.
  // A session from before the account's last credential change has ended too.
  if (isExpired(found.session, now) || found.user.disabledAt || found.session.credentialVersion !== found.userCredentialVersion) {
    await sessionStore().delete(found.session.id);
    return null;
  }
  const idleExpiresAt = options.renew ? renewedIdleDeadline(expiryPolicy(found.session.assurance), found.session, now) : null;
  if (!idleExpiresAt) return { ...found, renewed: false };
  // False when a racing logout (or another instance) ended it between the read and this write.
  if (!(await sessionStore().extend(found.session, idleExpiresAt, now))) return null;
  return { ...found, session: { ...found.session, idleExpiresAt, lastSeenAt: now }, renewed: true };
}

/** Ends one session; its token then opens nothing, on any instance. */
export async function revokeSession(sessionId: string): Promise<void> {
  await sessionStore().delete(sessionId);
}

/** Ends the user's session listed as `publicId`; another user's id behaves like a missing one. */
export async function revokeSessionByPublicId(userId: string, publicId: string): Promise<SessionRecord | null> {
  return sessionStore().deleteByPublicId(userId, publicId);
}

/** Ends every session of the user, or every one but `except` (a session id). */
export async function revokeUserSessions(userId: string, options: { except?: string } = {}): Promise<number> {
  return sessionStore().deleteAllForUser(userId, options.except);
}

/** After a change to the account (role, name, status): its sessions are read afresh, on every instance. */
export async function reloadUserSessions(userId: string): Promise<void> {
  await sessionStore().forgetUser(userId);
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
export async function purgeExpiredSessions(batchSize = purgeBatchSize): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await sessionStore().deleteExpired(new Date(), batchSize);
    total += deleted;
    if (deleted < batchSize) return total;
    await yieldToEventLoop();
  }
}

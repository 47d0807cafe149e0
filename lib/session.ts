import crypto from "node:crypto";
import { getConfig } from "./config";
import { serviceUnavailable } from "./errors";
import { log } from "./log";
import type { ClientInfo } from "./security-events";
import { type ExpiryPolicy, initialDeadlines, isExpired, renewedIdleDeadline } from "./session-expiry";
import type { SessionRecord, SessionStore, SessionWithUser } from "./session-store";
import { prismaSessionStore } from "./session-store-prisma";

export type { SessionRecord, SessionWithUser };

export type ValidatedSession = SessionWithUser & {
  /** True when this validation moved the idle deadline: the cookie should be sent again. */
  renewed: boolean;
};

function sessionStore(): SessionStore {
  return prismaSessionStore;
}

export function expiryPolicy(): ExpiryPolicy {
  const config = getConfig();
  return {
    idleTimeoutSeconds: config.sessionIdleTimeoutSeconds,
    rememberIdleTimeoutSeconds: config.sessionRememberIdleTimeoutSeconds,
    absoluteTimeoutSeconds: config.sessionAbsoluteTimeoutSeconds,
    renewalFraction: config.sessionRenewalFraction,
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

export async function createSession(
  userId: string,
  options: { persistent: boolean } & ClientInfo,
): Promise<{ token: string; session: SessionRecord }> {
  const token = generateSessionToken();
  const now = new Date();
  const session: SessionRecord = {
    id: hashSessionToken(token),
    publicId: crypto.randomBytes(16).toString("base64url"),
    userId,
    createdAt: now,
    lastSeenAt: now,
    ...initialDeadlines(expiryPolicy(), options.persistent, now),
    persistent: options.persistent,
    ipAddress: options.ipAddress,
    userAgent: options.userAgent,
  };
  await sessionStore().create(session);
  await sessionStore().trimForUser(userId, getConfig().sessionMaxPerUser);
  return { token, session };
}

/**
 * The session and user behind a token, or null when there is none: unknown,
 * expired and deleted records all mean "not signed in". Throws 503 when the
 * store cannot answer, so a failing store never lets anyone in.
 */
export async function validateSessionToken(
  token: string,
  options: { renew: boolean },
): Promise<ValidatedSession | null> {
  const id = hashSessionToken(token);
  const now = new Date();
  try {
    const found = await sessionStore().findWithUser(id);
    if (!found) return null;
    // A disabled account keeps no sessions; this also covers a disable racing a sign-in.
    if (isExpired(found.session, now) || found.user.disabledAt) {
      await sessionStore().delete(id);
      return null;
    }
    const idleExpiresAt = options.renew ? renewedIdleDeadline(expiryPolicy(), found.session, now) : null;
    if (!idleExpiresAt) return { ...found, renewed: false };
    const extended = await sessionStore().extend(id, idleExpiresAt, now);
    // Ended by a racing logout between our read and our write: stay ended.
    if (!extended) return null;
    return { user: found.user, session: { ...found.session, idleExpiresAt, lastSeenAt: now }, renewed: true };
  } catch (error) {
    log.error("session store unavailable", { error: String(error) });
    throw serviceUnavailable();
  }
}

export async function invalidateSession(sessionId: string): Promise<void> {
  await sessionStore().delete(sessionId);
}

/** Ends every session of the user, or every one but `exceptSessionId`. */
export async function invalidateUserSessions(userId: string, exceptSessionId?: string): Promise<number> {
  return sessionStore().deleteAllForUser(userId, exceptSessionId);
}

export async function revokeSession(userId: string, publicId: string): Promise<SessionRecord | null> {
  return sessionStore().deleteByPublicId(userId, publicId);
}

export async function listSessions(userId: string): Promise<SessionRecord[]> {
  return sessionStore().listForUser(userId, new Date());
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

import { readAssurance, readSignInMethod } from "./assurance";
import { redisKey } from "./redis";
import type { SessionRecord } from "./session-store";

// How lib/session-store-redis.ts lays sessions out in Redis:
//   session:<id>          hash of the record; Redis deletes it at its deadline (PEXPIREAT)
//   user-sessions:<user>  sorted set of the user's session ids by last use: listing, "end all", the per-user cap
//   session-expiries      sorted set of "<user>:<id>" by deadline: counting live sessions, pruning the indexes

export const sessionKey = (id: string) => redisKey("session", id);
export const userSessionsKey = (userId: string) => redisKey("user-sessions", userId);
export const expiriesKey = () => redisKey("session-expiries");
export const expiryMember = (userId: string, id: string) => `${userId}:${id}`;
export const deadline = (session: Pick<SessionRecord, "idleExpiresAt" | "absoluteExpiresAt">) =>
  Math.min(session.idleExpiresAt.getTime(), session.absoluteExpiresAt.getTime());

export function toHash(session: SessionRecord): Record<string, string> {
  return {
    publicId: session.publicId,
    userId: session.userId,
    createdAt: String(session.createdAt.getTime()),
    lastSeenAt: String(session.lastSeenAt.getTime()),
    idleExpiresAt: String(session.idleExpiresAt.getTime()),
    absoluteExpiresAt: String(session.absoluteExpiresAt.getTime()),
    persistent: session.persistent ? "1" : "0",
    credentialVersion: String(session.credentialVersion),
    assurance: session.assurance,
    method: session.method,
    // Absent fields stand for null.
    ...(session.ipAddress !== null ? { ipAddress: session.ipAddress } : {}),
    ...(session.userAgent !== null ? { userAgent: session.userAgent } : {}),
  };
}

export function fromHash(id: string, hash: Record<string, string>): SessionRecord | null {
  if (!hash.userId || !hash.publicId) return null;
  const date = (field: string) => new Date(Number(hash[field]));
  // Absent from sessions stored before assurance levels: a password sign-in (aal1).
  const method = readSignInMethod(hash.method);
  return {
    id,
    publicId: hash.publicId,
    userId: hash.userId,
    createdAt: date("createdAt"),
    lastSeenAt: date("lastSeenAt"),
    idleExpiresAt: date("idleExpiresAt"),
    absoluteExpiresAt: date("absoluteExpiresAt"),
    persistent: hash.persistent === "1",
    ipAddress: hash.ipAddress ?? null,
    userAgent: hash.userAgent ?? null,
    // Absent from sessions stored before credential versions: the accounts' first version.
    credentialVersion: Number(hash.credentialVersion ?? 0),
    assurance: readAssurance(hash.assurance, method),
    method,
  };
}

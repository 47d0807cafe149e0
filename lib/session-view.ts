import { describeDevice } from "./device";
import type { SessionRecord } from "./session-store";
import { expiresAt } from "./session-expiry";

/** What clients may see of a session: never its token or the token's hash. */
export function describeSession(session: SessionRecord, currentSessionId?: string) {
  return {
    id: session.publicId,
    current: session.id === currentSessionId,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: expiresAt(session),
    idleExpiresAt: session.idleExpiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
    persistent: session.persistent,
    /** How strongly it was signed in (lib/assurance.ts), and with what. */
    assurance: session.assurance,
    method: session.method,
    ipAddress: session.ipAddress,
    userAgent: session.userAgent,
    device: describeDevice(session.userAgent),
  };
}

export type SessionView = ReturnType<typeof describeSession>;

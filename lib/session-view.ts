import type { SessionRecord } from "./session-store";
import { expiresAt } from "./session-expiry";

/** What clients may see of a session: never its token or the token's hash. */
export function describeSession(session: SessionRecord) {
  return {
    id: session.publicId,
    createdAt: session.createdAt,
    lastSeenAt: session.lastSeenAt,
    expiresAt: expiresAt(session),
    idleExpiresAt: session.idleExpiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
    persistent: session.persistent,
  };
}

import { expiryPolicy, type SessionRecord, validateSessionCookie } from "./session";
import { idleTimeoutSeconds } from "./session-expiry";

// What an open tab polls (app/components/session-watch.tsx) to follow its session:
// whether it is still there and how long until its deadlines. The cheapest
// authenticated read there is: no renewal, no lastSeen update, no cookie sent, so
// polling costs the store no write; within SESSION_CACHE_TTL it costs no read either.

export type SessionStatus =
  { active: false } | { active: true; idleExpiresInSeconds: number; expiresInSeconds: number; idleWarningSeconds: number };

/** Two minutes of warning (WCAG 2.2.1), or less when the session is not yet due for renewal that early. */
export function idleWarningSeconds(session: Pick<SessionRecord, "persistent" | "assurance">): number {
  const policy = expiryPolicy(session.assurance);
  // From this point on, one request renews the session ("Stay signed in": GET /api/auth/session).
  return Math.min(120, idleTimeoutSeconds(policy, session.persistent) * (1 - policy.renewalFraction));
}

export async function readSessionStatus(seal: string | undefined, now = Date.now()): Promise<SessionStatus> {
  const current = await validateSessionCookie(seal, { renew: false });
  if (!current) return { active: false };
  const { idleExpiresAt, absoluteExpiresAt } = current.session;
  const inSeconds = (date: Date) => Math.max(0, (date.getTime() - now) / 1000);
  return {
    active: true,
    idleExpiresInSeconds: inSeconds(idleExpiresAt),
    expiresInSeconds: inSeconds(absoluteExpiresAt),
    idleWarningSeconds: idleWarningSeconds(current.session),
  };
}

import { getDb } from "./db";
import { log } from "./log";

export type SecurityEventType =
  | "registered"
  | "login_succeeded"
  | "login_failed"
  | "logged_out"
  | "session_revoked"
  | "other_sessions_revoked"
  | "password_changed"
  | "throttled";

export type ClientInfo = { ipAddress: string | null; userAgent: string | null };

/** Records what happened to an account; never a password or a token. */
export async function recordSecurityEvent(type: SecurityEventType, userId: string | null, client: ClientInfo) {
  log.info("security event", { type, userId, ipAddress: client.ipAddress });
  if (!userId) return;
  const db = await getDb();
  await db.securityEvent.create({ data: { type, userId, ipAddress: client.ipAddress, userAgent: client.userAgent } });
}

export const securityEventLabels: Record<SecurityEventType, string> = {
  registered: "Account created",
  login_succeeded: "Signed in",
  login_failed: "Failed sign-in attempt",
  logged_out: "Signed out",
  session_revoked: "A session was ended",
  other_sessions_revoked: "Signed out everywhere else",
  password_changed: "Password changed",
  throttled: "Sign-in attempts were slowed down",
};

/** The user's own activity, newest first, a page at a time. */
export async function listSecurityEvents(userId: string, options: { cursor?: string; limit: number }) {
  const db = await getDb();
  const rows = await db.securityEvent.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 0 } : {}),
    select: { id: true, type: true, createdAt: true, ipAddress: true, userAgent: true, userId: true },
  });
  // A cursor from another user's events (or a stale one) must not leak their rows.
  const own = rows.filter((row) => row.userId === userId);
  const page = own.slice(0, options.limit);
  const events = page.map(({ userId: _owner, ...event }) => ({
    ...event,
    description: securityEventLabels[event.type as SecurityEventType] ?? event.type,
  }));
  return { events, nextCursor: own.length > options.limit ? own[options.limit]!.id : null };
}

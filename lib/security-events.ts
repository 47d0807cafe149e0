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

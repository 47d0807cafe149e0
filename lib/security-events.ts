import { newRowId, queryCount, queryPlain, readDate } from "./plain-sql";
import { log } from "./log";

export type SecurityEventType =
  | "registered"
  | "registration_attempted"
  | "email_claim_attempted"
  | "login_succeeded"
  | "login_failed"
  | "logged_out"
  | "session_revoked"
  | "other_sessions_revoked"
  | "password_changed"
  | "password_reset_requested"
  | "password_reset"
  | "email_verification_sent"
  | "email_verified"
  | "email_change_requested"
  | "email_changed"
  | "throttled"
  | "account_locked"
  | "account_unlocked"
  | "second_factor_requested"
  | "second_factor_failed"
  | "reauthenticated"
  | "stepped_up"
  | "two_factor_setup_started"
  | "two_factor_enabled"
  | "two_factor_disabled"
  | "recovery_codes_regenerated"
  | "recovery_code_used"
  | "name_changed"
  | "role_changed"
  | "account_disabled"
  | "account_enabled"
  | "account_deleted"
  | "sessions_revoked_by_admin"
  | "new_device_signed_in"
  | "sign_in_denied"
  | "passkey_added"
  | "passkey_renamed"
  | "passkey_removed"
  | "passkey_signed_in";

export type ClientInfo = {
  ipAddress: string | null;
  userAgent: string | null;
  /** The device cookie the browser sent (lib/device-cookie.ts), as sent: unsealed only when a limit asks. */
  deviceCookie?: string | null;
  /** Aborted once the client has closed its connection (see getClientSignal): its queued work is dropped. */
  signal?: AbortSignal;
};

/** Records what happened to an account; never a password or a token. */
export async function recordSecurityEvent(
  type: SecurityEventType,
  userId: string | null,
  client: ClientInfo,
  extra: { actorId?: string; detail?: string } = {},
) {
  log.info("security event", { type, userId, actorId: extra.actorId, ipAddress: client.ipAddress });
  if (!userId) return;
  // Every sign-in records one: plain SQL (lib/plain-sql.ts).
  await queryPlain(
    `INSERT INTO "SecurityEvent" ("id", "userId", "type", "actorId", "detail", "ipAddress", "userAgent", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [newRowId(), userId, type, extra.actorId ?? null, extra.detail ?? null, client.ipAddress, client.userAgent, new Date()],
  );
}

export const securityEventLabels: Record<SecurityEventType, string> = {
  password_reset_requested: "Password reset link sent by email",
  password_reset: "Password reset through an emailed link; every session ended",
  email_verification_sent: "Link to confirm the email address sent",
  email_verified: "Email address confirmed",
  email_change_requested: "Email change asked for; a link was sent to the new address",
  email_changed: "Email address changed",
  registered: "Account created",
  registration_attempted: "Someone tried to create an account with this address; it was told by email",
  email_claim_attempted: "Someone tried to move another account to this address; it was told by email",
  login_succeeded: "Signed in",
  login_failed: "Failed sign-in attempt",
  logged_out: "Signed out",
  session_revoked: "A session was ended",
  other_sessions_revoked: "Signed out everywhere else",
  password_changed: "Password changed",
  throttled: "Sign-in attempts were slowed down",
  account_locked: "Sign-in locked for new devices after too many failures in a row; a reset link was mailed",
  account_unlocked: "Sign-in lock lifted by an administrator",
  name_changed: "Name changed",
  role_changed: "Role changed by an administrator",
  account_disabled: "Account disabled by an administrator",
  account_enabled: "Account enabled by an administrator",
  account_deleted: "An account was deleted",
  sessions_revoked_by_admin: "Signed out everywhere by an administrator",
  second_factor_requested: "Password accepted; waiting for the second factor",
  second_factor_failed: "Wrong two-factor code",
  reauthenticated: "Password entered again to confirm a change",
  stepped_up: "Signed-in session confirmed with a second factor",
  two_factor_setup_started: "Two-factor setup started",
  two_factor_enabled: "Two-factor authentication turned on",
  two_factor_disabled: "Two-factor authentication turned off",
  recovery_codes_regenerated: "New recovery codes made; the old ones stopped working",
  recovery_code_used: "Signed in with a recovery code",
  new_device_signed_in: "Signed in from a new device; you were alerted by email",
  sign_in_denied: "A sign-in was reported as not yours; its session was ended",
  passkey_added: "Passkey added",
  passkey_renamed: "Passkey renamed",
  passkey_removed: "Passkey removed; every session ended",
  passkey_signed_in: "Signed in with a passkey",
};

const eventColumns = `"id", "type", "createdAt", "ipAddress", "userAgent", "actorId", "detail"`;

/** The user's own activity, newest first, a page at a time; the cursor is the id of a page's first event. */
export async function listSecurityEvents(userId: string, options: { cursor?: string; limit: number }) {
  let rows: Record<string, unknown>[];
  if (options.cursor) {
    // Scoped by user: another user's event (or a stale id) is no position in this list.
    const [at] = await queryPlain<{ createdAt: unknown }>(`SELECT "createdAt" FROM "SecurityEvent" WHERE "id" = ? AND "userId" = ?`, [
      options.cursor,
      userId,
    ]);
    if (!at) return { events: [], nextCursor: null };
    const createdAt = readDate(at.createdAt);
    rows = await queryPlain(
      `SELECT ${eventColumns} FROM "SecurityEvent" WHERE "userId" = ? AND ("createdAt" < ? OR ("createdAt" = ? AND "id" <= ?))
       ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`,
      [userId, createdAt, createdAt, options.cursor, options.limit + 1],
    );
  } else {
    rows = await queryPlain(`SELECT ${eventColumns} FROM "SecurityEvent" WHERE "userId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`, [
      userId,
      options.limit + 1,
    ]);
  }
  const events = rows.slice(0, options.limit).map((row) => ({
    id: row.id as string,
    type: row.type as string,
    createdAt: readDate(row.createdAt),
    ipAddress: (row.ipAddress as string | null) ?? null,
    userAgent: (row.userAgent as string | null) ?? null,
    actorId: (row.actorId as string | null) ?? null,
    detail: (row.detail as string | null) ?? null,
    description: securityEventLabels[row.type as SecurityEventType] ?? (row.type as string),
  }));
  return { events, nextCursor: rows.length > options.limit ? (rows[options.limit]!.id as string) : null };
}

/** How many sign-ins succeeded since `since`, across all users. */
export async function countSignInsSince(since: Date): Promise<number> {
  return queryCount(`SELECT COUNT(*) AS "n" FROM "SecurityEvent" WHERE "type" = ? AND "createdAt" > ?`, ["login_succeeded", since]);
}

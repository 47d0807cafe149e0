// Shared by the unit tests: real users in the real (temporary) database.
import crypto from "node:crypto";
import type { SignInMethod } from "./assurance";
import { hashPassword } from "./password";
import { queryPlain, type SqlValue } from "./plain-sql";
import { createSession, type SessionRecord } from "./session";
import { createUser, readCredentialVersion } from "./user";

export const client = { ipAddress: "203.0.113.7", userAgent: "unit-test" };

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${crypto.randomBytes(6).toString("hex")}@example.test`;
}

export async function makeUser(password = "a perfectly long passphrase") {
  return createUser({ email: uniqueEmail(), name: "Test User", passwordHash: await hashPassword(password) });
}

/** A session as a sign-in checking the account's current credentials makes it. */
export async function createTestSession(userId: string, persistent = false, method: SignInMethod = "password") {
  const credentialVersion = (await readCredentialVersion(userId)) ?? -1;
  const created = await createSession(userId, { persistent, credentialVersion, method, ...client });
  if (!created) throw new Error("the account's credential version moved");
  return created;
}

/** A session record as a store holds it, for the store's own tests (no sign-in behind it). */
export function sessionRecord(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const hour = 60 * 60 * 1000;
  const now = Date.now();
  return {
    id: crypto.randomBytes(32).toString("hex"),
    publicId: crypto.randomBytes(16).toString("base64url"),
    userId,
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    idleExpiresAt: new Date(now + hour),
    absoluteExpiresAt: new Date(now + 30 * 24 * hour),
    persistent: false,
    ipAddress: "203.0.113.7",
    userAgent: null,
    credentialVersion: 0,
    assurance: "aal1",
    method: "password",
    ...overrides,
  };
}

// Tables whose statements are plain SQL (lib/plain-sql.ts) are read and written here the
// same way, never through Prisma (scripts/data-paths.test.ts).

/** A row of a plain-SQL table as stored, every column (dates as the database spells them: lib/plain-sql.ts readDate). */
export async function readRow(table: "User" | "Session", id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await queryPlain<Record<string, unknown>>(`SELECT * FROM "${table}" WHERE "id" = ?`, [id]);
  return row;
}

/** Rows of a plain-SQL table matching every column given: `{ userId }`, `{ id, type }`. */
export async function readRows(
  table: "User" | "Session" | "SecurityEvent",
  where: Record<string, SqlValue>,
): Promise<Record<string, unknown>[]> {
  const columns = Object.keys(where);
  return queryPlain(
    `SELECT * FROM "${table}" WHERE ${columns.map((column) => `"${column}" = ?`).join(" AND ")} ORDER BY "createdAt", "id"`,
    columns.map((column) => where[column]!),
  );
}

/** Writes columns of an account behind the app's back: a racing request, an operator, a change whose clean-up was missed. */
export async function setUserColumns(id: string, columns: Record<string, SqlValue>): Promise<void> {
  const names = Object.keys(columns);
  await queryPlain(`UPDATE "User" SET ${names.map((name) => `"${name}" = ?`).join(", ")} WHERE "id" = ?`, [
    ...names.map((name) => columns[name]!),
    id,
  ]);
}

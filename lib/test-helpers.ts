// Shared by the unit tests: real users in the real (temporary) database.
import crypto from "node:crypto";
import type { SignInMethod } from "./assurance";
import { hashPassword } from "./password";
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

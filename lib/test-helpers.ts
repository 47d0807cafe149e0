// Shared by the unit tests: real users in the real (temporary) database.
import crypto from "node:crypto";
import type { SignInMethod } from "./assurance";
import { hashPassword } from "./password";
import { createSession } from "./session";
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

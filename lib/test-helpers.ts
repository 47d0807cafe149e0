// Shared by the unit tests: real users in the real (temporary) database.
import crypto from "node:crypto";
import { hashPassword } from "./password";
import { createUser } from "./user";

export const client = { ipAddress: "203.0.113.7", userAgent: "unit-test" };

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${crypto.randomBytes(6).toString("hex")}@example.test`;
}

export async function makeUser(password = "a perfectly long passphrase") {
  return createUser({ email: uniqueEmail(), name: "Test User", passwordHash: await hashPassword(password) });
}

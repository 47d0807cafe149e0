import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import { getConfig } from "./config";

/**
 * bcrypt reads only the first 72 bytes, so two passwords sharing those bytes would
 * match. HMAC-SHA-384 with a server-side key first (OWASP password storage cheat
 * sheet): the whole password counts, the 64-character base64 result fits bcrypt's
 * input, and the key keeps the digest from being cracked apart from bcrypt
 * ("password shucking") if the database alone leaks.
 */
function prehash(password: string): string {
  return crypto.createHmac("sha384", getConfig().passwordPepper).update(password, "utf8").digest("base64");
}

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(prehash(password), getConfig().bcryptCost);
}

export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return bcrypt.compare(prehash(password), passwordHash);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spend the same time as a real check when there is no account to check against,
 * so response times do not reveal which emails are registered.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomBytes(32).toString("base64url"));
  await verifyPassword(password, await dummyHash);
  return false;
}

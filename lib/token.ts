import crypto from "node:crypto";

// The random secrets this app hands out: session tokens, sign-in challenges, mailed
// links, recovery codes. Each is at least 112 random bits, so, unlike a password,
// a plain SHA-256 is enough to store it: there is nothing to guess and nothing to
// crack offline (ASVS 6.5.2). Only the hash is stored, so a leaked table opens nothing.

/** 256 bits from the platform CSPRNG, base64url: unguessable, and safe in a cookie or a URL. */
export function generateToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** `length` characters of `alphabet` (32 letters: each random byte gives 5 unbiased bits). */
export function generateCode(alphabet: string, length: number): string {
  if (alphabet.length !== 32) throw new Error("the alphabet must have 32 letters");
  return Array.from(crypto.randomBytes(length), (byte) => alphabet[byte % 32]).join("");
}

/** What the store keys a token by. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

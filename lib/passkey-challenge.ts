import crypto from "node:crypto";
import { getDb } from "./db";

// WebAuthn challenges, kept on the server: each is random, lives five minutes, is bound
// to what asked for it (the session adding a passkey or stepping up, the sign-in attempt's own cookie,
// the pending second factor), and is deleted by the first answer that names it, whether
// that answer then verifies or not. In the database, like the two-factor sign-in
// challenges (lib/sign-in-challenge.ts), whatever SESSION_STORE says: a challenge is a
// short-lived write per ceremony, not a read on every request.

export const passkeyChallengeTtlSeconds = 5 * 60;

export type PasskeyChallengePurpose = "registration" | "sign_in" | "second_factor" | "step_up";

const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");

/**
 * A new challenge of 32 random bytes bound to `binding` (a binding holds one at a time). The
 * browser sends it back base64url-encoded: that is the form `consumePasskeyChallenge` takes.
 */
export async function createPasskeyChallenge(purpose: PasskeyChallengePurpose, binding: string): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(crypto.randomBytes(32));
  const challenge = Buffer.from(bytes).toString("base64url");
  const now = new Date();
  const boundTo = sha256(`${purpose}:${binding}`);
  const db = await getDb();
  // Asking again replaces the earlier challenge; lapsed ones of anybody go at the same time.
  await db.passkeyChallenge.deleteMany({ where: { OR: [{ boundTo }, { expiresAt: { lte: now } }] } });
  await db.passkeyChallenge.create({
    data: { id: sha256(challenge), purpose, boundTo, expiresAt: new Date(now.getTime() + passkeyChallengeTtlSeconds * 1000) },
  });
  return bytes;
}

/**
 * Takes the challenge an answer carries: true once, for a live challenge of this purpose
 * and binding, which it deletes in the same statement (of two answers, one wins).
 */
export async function consumePasskeyChallenge(purpose: PasskeyChallengePurpose, binding: string, challenge: string): Promise<boolean> {
  if (typeof challenge !== "string" || challenge.length === 0 || challenge.length > 512) return false;
  const db = await getDb();
  const { count } = await db.passkeyChallenge.deleteMany({
    where: { id: sha256(challenge), purpose, boundTo: sha256(`${purpose}:${binding}`), expiresAt: { gt: new Date() } },
  });
  return count === 1;
}

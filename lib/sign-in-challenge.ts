import { getDb } from "./db";
import { generateToken, hashToken } from "./token";
import { readSignInStanding } from "./user-credentials";

// A sign-in that passed the password and waits for the second factor. It is not a
// session: its cookie is a different one, its record lives in its own table, and
// nothing that checks for a session ever finds it. It can only be completed by a
// code, a few times at most, within a few minutes.

export const signInChallengeTtlSeconds = 5 * 60;
export const maxChallengeAttempts = 5;

/** `credentialVersion`: the account's, read with the password hash that was checked. */
export type SignInChallenge = { id: string; userId: string; persistent: boolean; credentialVersion: number; expiresAt: Date };

export async function createSignInChallenge(
  userId: string,
  persistent: boolean,
  credentialVersion: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + signInChallengeTtlSeconds * 1000);
  const db = await getDb();
  // Lapsed challenges go whenever the account starts a new one.
  await db.signInChallenge.deleteMany({ where: { userId, expiresAt: { lte: now } } });
  await db.signInChallenge.create({ data: { id: hashToken(token), userId, persistent, credentialVersion, expiresAt } });
  return { token, expiresAt };
}

/**
 * The live challenge behind a token; null when unknown, lapsed, used up, or its account
 * was disabled, lost 2FA or changed credentials meanwhile (the password checked is no longer the one).
 */
export async function findSignInChallenge(token: string): Promise<SignInChallenge | null> {
  const db = await getDb();
  const found = await db.signInChallenge.findUnique({ where: { id: hashToken(token) } });
  if (!found || found.expiresAt <= new Date() || found.attempts >= maxChallengeAttempts) return null;
  // The account through its own module (User is plain SQL's table), by primary key.
  const account = await readSignInStanding(found.userId);
  if (!account || account.disabledAt || !account.totpEnabledAt || found.credentialVersion !== account.credentialVersion) return null;
  const { id, userId, persistent, credentialVersion, expiresAt } = found;
  return { id, userId, persistent, credentialVersion, expiresAt };
}

/**
 * Takes one of the challenge's attempts, before its code is checked, so parallel
 * guesses cannot all pass one check; false once they are used up (the password
 * must then be entered again) or the challenge has lapsed.
 */
export async function takeChallengeAttempt(id: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.signInChallenge.updateMany({
    where: { id, attempts: { lt: maxChallengeAttempts }, expiresAt: { gt: new Date() } },
    data: { attempts: { increment: 1 } },
  });
  return count === 1;
}

/** Ends the challenge; false when it was already gone (completed by a racing request, or used up). */
export async function consumeSignInChallenge(id: string): Promise<boolean> {
  const db = await getDb();
  const { count } = await db.signInChallenge.deleteMany({ where: { id } });
  return count === 1;
}

export async function deleteUserSignInChallenges(userId: string): Promise<void> {
  const db = await getDb();
  await db.signInChallenge.deleteMany({ where: { userId } });
}

export async function purgeExpiredSignInChallenges(now = new Date()): Promise<number> {
  const db = await getDb();
  const { count } = await db.signInChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

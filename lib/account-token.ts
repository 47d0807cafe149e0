import { getDb } from "./db";
import { invalidAccountLink } from "./errors";
import { generateToken, hashToken } from "./token";
import { findSessionUser } from "./user";

// Links mailed to an account's owner: 256 random bits, stored only as their SHA-256,
// single use, expiring; issuing a new one for a purpose voids the older ones. Each
// carries the account's credential version when it was issued, and stops working
// when the version moves (lib/credential-version.ts).

export type AccountTokenPurpose = "email_verification" | "password_reset" | "email_change" | "sign_in_alert";

// A sign-in alert's link names the session and device it is about; each alert has its
// own, so a newer alert (another device) does not void an older one's link.
type AlertSubject = { sessionId: string; deviceId: string };
const keepsOthers = (purpose: AccountTokenPurpose) => purpose === "sign_in_alert";

/**
 * `credentialVersion`: the account's, as read with whatever authorised the link (the
 * password just checked, the account looked up). `email`: for an email change, the
 * new address the link confirms.
 */
export async function issueAccountToken(
  userId: string,
  purpose: AccountTokenPurpose,
  ttlSeconds: number,
  credentialVersion: number,
  email: string | null = null,
  subject: AlertSubject | null = null,
): Promise<string> {
  const token = generateToken();
  const db = await getDb();
  if (!keepsOthers(purpose)) await db.accountToken.deleteMany({ where: { userId, purpose } });
  await db.accountToken.create({
    data: {
      id: hashToken(token),
      userId,
      purpose,
      email,
      ...subject,
      credentialVersion,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    },
  });
  return token;
}

/**
 * The account a live token of this purpose belongs to. Unknown, used, expired and
 * another purpose's tokens, a disabled account's, and one issued before the account's
 * last credential change, all give the same 400.
 */
export async function findAccountToken(token: string, purpose: AccountTokenPurpose) {
  const db = await getDb();
  const found = await db.accountToken.findUnique({ where: { id: hashToken(token) } });
  if (!found || found.purpose !== purpose || found.usedAt || found.expiresAt <= new Date()) throw invalidAccountLink();
  // The account through its own module (User is plain SQL's table), by primary key.
  const account = await findSessionUser(found.userId);
  if (!account) throw invalidAccountLink();
  const { user, credentialVersion } = account;
  if (user.disabledAt || found.credentialVersion !== credentialVersion) throw invalidAccountLink();
  return { id: found.id, user, email: found.email, credentialVersion, sessionId: found.sessionId, deviceId: found.deviceId };
}

/** Marks the token used, and voids the account's other tokens of its purpose (not other alerts'). Of two racing uses, one wins. */
export async function redeemAccountToken(id: string, userId: string, purpose: AccountTokenPurpose): Promise<void> {
  const db = await getDb();
  const { count } = await db.accountToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: new Date() } });
  if (count === 0) throw invalidAccountLink();
  if (keepsOthers(purpose)) return;
  await db.accountToken.deleteMany({ where: { userId, purpose, id: { not: id } } });
}

/** Voids every link of the account, whatever its purpose. */
export async function deleteUserAccountTokens(userId: string): Promise<void> {
  const db = await getDb();
  await db.accountToken.deleteMany({ where: { userId } });
}

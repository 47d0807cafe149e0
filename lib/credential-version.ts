import { deleteUserAccountTokens } from "./account-token";
import { getDb } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { revokeUserSessions } from "./session";
import { deleteUserSignInChallenges } from "./sign-in-challenge";
import { readCredentialVersion } from "./user";

// One rule for every change to how an account signs in (password changed or reset,
// address changed, two-factor on, off or reset, account disabled): it moves the
// account's credential version. Links, sign-in challenges, sessions and device
// cookies carry the version they were issued under, and one that differs from the
// account's counts as missing: so a link mailed, a challenge begun or a password
// checked before the change never works after it, even when issued concurrently.

/** What an account starts with (the column's default). */
export const initialCredentialVersion = 0;

/** The columns a credential change may write along with the new version. */
export type CredentialChange = Pick<
  Prisma.UserUpdateManyMutationInput,
  "passwordHash" | "email" | "emailVerifiedAt" | "totpSecret" | "totpEnabledAt" | "totpLastUsedStep" | "disabledAt"
>;

export type CredentialChangeOptions = {
  /**
   * The version the change was authorised under (read with the password just checked,
   * carried by the link followed or the session acting). Of two changes racing under
   * one version, one wins; the other writes nothing and gets null.
   */
  expectedVersion?: number;
  /** Further conditions on the account row, e.g. "two-factor still off". */
  where?: Prisma.UserWhereInput;
};

/**
 * Writes `change` and the next credential version in one statement, then voids
 * everything issued under the old one: the account's links and sign-in challenges
 * (deleted), and its sessions (ended, and evicted from every instance's cache).
 * Returns the new version, for the browser that made the change to continue on a
 * new session; null when nothing was written (the version moved, or `where` failed).
 */
export async function recordCredentialChange(
  userId: string,
  change: CredentialChange = {},
  { expectedVersion, where = {} }: CredentialChangeOptions = {},
): Promise<number | null> {
  const db = await getDb();
  const { count } = await db.user.updateMany({
    where: { ...where, id: userId, ...(expectedVersion === undefined ? {} : { credentialVersion: expectedVersion }) },
    data: { ...change, credentialVersion: { increment: 1 } },
  });
  if (count === 0) return null;
  const version = expectedVersion !== undefined ? expectedVersion + 1 : await readCredentialVersion(userId);
  await deleteUserAccountTokens(userId);
  await deleteUserSignInChallenges(userId);
  await revokeUserSessions(userId);
  return version;
}

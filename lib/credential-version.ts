import { deleteUserAccountTokens } from "./account-token";
import { revokeUserSessions } from "./session";
import { deleteUserSignInChallenges } from "./sign-in-challenge";
import { advanceCredentialVersion, type CredentialColumns } from "./user-credentials";

// One rule for every change to how an account signs in (password changed or reset,
// address changed, two-factor on, off or reset, account disabled): it moves the
// account's credential version. Links, sign-in challenges, sessions and device
// cookies carry the version they were issued under, and one that differs from the
// account's counts as missing: so a link mailed, a challenge begun or a password
// checked before the change never works after it, even when issued concurrently.

/** What an account starts with (the column's default). */
export const initialCredentialVersion = 0;

/** The columns a credential change may write along with the new version. */
export type CredentialChange = Partial<CredentialColumns>;

export type CredentialChangeOptions = {
  /**
   * The version the change was authorised under (read with the password just checked,
   * carried by the link followed or the session acting). Of two changes racing under
   * one version, one wins; the other writes nothing and gets null.
   */
  expectedVersion?: number;
  /** Further conditions on the account row, each column equal to its value (null: not set), e.g. "two-factor still off". */
  where?: Partial<CredentialColumns>;
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
  options: CredentialChangeOptions = {},
): Promise<number | null> {
  const version = await advanceCredentialVersion(userId, change, options);
  if (version === null) return null;
  await deleteUserAccountTokens(userId);
  await deleteUserSignInChallenges(userId);
  await revokeUserSessions(userId);
  return version;
}

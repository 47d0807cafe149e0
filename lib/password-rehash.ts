import { log } from "./log";
import { hashPassword, isPasswordHashOutdated } from "./password";
import { reloadUserSessions } from "./session";
import { replacePasswordHash } from "./user-credentials";

/**
 * Once a sign-in has verified `password` against `storedHash`: if that hash is older
 * than BCRYPT_COST now asks for (the cost was raised since), hash the password again
 * and store the new hash. The plain password exists only during a sign-in, so this is
 * the one moment an upgrade can happen.
 *
 * Done inline, before the sign-in answers, rather than after the response: the extra
 * hash then runs inside the sign-in's own turn for the hashing threads, so it stays
 * within the bound that keeps a burst of sign-ins from queueing without end, and it
 * happens once per account per cost change. The write is conditional on the old hash:
 * a password change or reset that landed meanwhile is never overwritten.
 */
export async function upgradePasswordHash(userId: string, password: string, storedHash: string): Promise<void> {
  if (!isPasswordHashOutdated(storedHash)) return;
  try {
    // The account's updatedAt moved: no session may keep showing the one before.
    if (await replacePasswordHash(userId, storedHash, await hashPassword(password))) await reloadUserSessions(userId);
  } catch (error) {
    // The old hash still verifies: the sign-in goes on, and the next one tries again.
    log.error("password re-hash failed", { userId, error: String(error) });
  }
}

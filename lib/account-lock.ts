import type { AdminActor } from "./admin";
import { issueAccountToken } from "./account-token";
import { getConfig } from "./config";
import { runAfterResponse } from "./after-response";
import { composeMail, sendMail } from "./mail";
import { countRefusals, recordLoginSuccess } from "./rate-limit";
import { getLimiters, RateLimitedError, spend, takeOnce } from "./rate-limiters";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { notFound } from "./errors";
import { getRedis, readyRedis } from "./redis";
import { findUserById, type PublicUser, readCredentialVersion } from "./user";

// The consecutive caps (NIST 800-63B-4 3.2.2): at most RATE_LIMIT_ACCOUNT_MAX_FAILURES
// failed passwords and RATE_LIMIT_SECOND_FACTOR_MAX_FAILURES wrong codes per account
// until a success, a password reset or an operator's unlock; no window lets them
// lapse. Past a cap the account is locked for unknown devices (known ones keep
// signing in: lib/device-cookie.ts), and the owner is told by mail.

type Account = Pick<PublicUser, "id" | "email">;

/**
 * Takes one of the account's second-factor attempts before a code is checked, or
 * throws RateLimitedError when they are used up: with the password known, this is
 * what stands between an attacker and guessing six digits. Taken first, so that
 * parallel guesses are counted before any of them is checked; a right code gives
 * its attempt back (recordSecondFactorSuccess). A known device answers to its own
 * limit instead.
 */
export async function takeSecondFactorAttempt(userId: string, options: { knownDevice?: boolean } = {}): Promise<void> {
  if (options.knownDevice) return;
  await countRefusals("second_factor", takeUnknownDeviceAttempt(userId));
}

async function takeUnknownDeviceAttempt(userId: string): Promise<void> {
  const l = await getLimiters();
  const streak = await l.secondFactorStreak.get(userId);
  if (streak && streak.consumedPoints >= l.secondFactorStreak.points) throw new RateLimitedError(15 * 60, "account");
  await spend(l.secondFactorFailures, userId, "account");
}

/** Counts a wrong code; `locked` is true for the one that reached the cap. */
export async function recordSecondFactorFailure(userId: string): Promise<{ locked: boolean }> {
  const l = await getLimiters();
  const { consumedPoints } = await l.secondFactorStreak.penalty(userId, 1);
  return { locked: consumedPoints === l.secondFactorStreak.points };
}

export async function recordSecondFactorSuccess(userId: string, options: { knownDevice?: boolean } = {}): Promise<void> {
  const l = await getLimiters();
  await Promise.all([options.knownDevice ? undefined : l.secondFactorFailures.reward(userId, 1), l.secondFactorStreak.delete(userId)]);
}

export type AccountLock = { failedPasswords: number; failedCodes: number; locked: boolean };

/** Where the account stands against its caps, for operators. */
export async function readAccountLock(account: Account): Promise<AccountLock> {
  const l = await getLimiters();
  const [passwords, codes] = await Promise.all([l.accountFailures.get(account.email), l.secondFactorStreak.get(account.id)]);
  const failedPasswords = passwords?.consumedPoints ?? 0;
  const failedCodes = codes?.consumedPoints ?? 0;
  return {
    failedPasswords,
    failedCodes,
    locked: failedPasswords >= l.accountFailures.points || failedCodes >= l.secondFactorStreak.points,
  };
}

/** A password reset proves control of the mailbox: both counts start again. */
export async function clearAccountLock(account: Account): Promise<void> {
  const l = await getLimiters();
  await Promise.all([
    recordLoginSuccess(account.email),
    l.secondFactorStreak.delete(account.id),
    l.secondFactorFailures.delete(account.id),
  ]);
}

/** The operator's unlock (admin CLI, admin page, API): one function for all three. */
/** An administrative change: only an AdminActor (a fresh sign-in, lib/admin-access.ts) may make it. */
export async function unlockAccount(userId: string, actor: AdminActor, client: ClientInfo): Promise<AccountLock> {
  const account = await findUserById(userId);
  if (!account) throw notFound("user");
  // Until Redis is connected the limits count in memory (lib/rate-limit.ts): a fresh process
  // (the admin CLI) must wait for it, or fail, rather than unlock a stand-in.
  if (getRedis()) await readyRedis();
  const before = await readAccountLock(account);
  await clearAccountLock(account);
  await recordSecurityEvent("account_unlocked", account.id, client, {
    actorId: actor.id,
    detail: `after ${before.failedPasswords} failed passwords and ${before.failedCodes} wrong codes in a row`,
  });
  return readAccountLock(account);
}

/**
 * Called once, by the failure that reached a cap: recorded in the account's activity,
 * and the owner mailed a fresh reset link (after the response, which must not wait
 * for the mail server, nor show by its timing that the account exists).
 */
export async function lockAccount(account: Account, cause: "password" | "code", client: ClientInfo): Promise<void> {
  const { failedPasswords, failedCodes } = await readAccountLock(account);
  const detail = cause === "password" ? `${failedPasswords} failed passwords` : `${failedCodes} wrong two-factor codes`;
  await recordSecurityEvent("account_locked", account.id, client, { detail });
  runAfterResponse("account locked mail", () => mailAccountLocked(account, detail));
}

async function mailAccountLocked(account: Account, detail: string): Promise<void> {
  const { appOrigin, appName, passwordResetTtlSeconds } = getConfig();
  // Issued under the account's credential version now: any change after this mail voids the link.
  const credentialVersion = await readCredentialVersion(account.id);
  if (credentialVersion === null) return;
  const token = await issueAccountToken(account.id, "password_reset", passwordResetTtlSeconds, credentialVersion);
  await sendMail(
    composeMail(
      account.email,
      `${appName}: sign-in to your account is locked for new devices`,
      [
        `After ${detail} in a row, your ${appName} account accepts sign-ins only from browsers you have signed in with before.`,
        "If this was not you, someone is guessing: choose a new password with the link above, which also lifts the lock. " +
          `It works once, for ${Math.round(passwordResetTtlSeconds / 60)} minutes; after that, ask for another on the sign-in page.`,
        "A successful sign-in from a browser you used before lifts the lock too, and so can an administrator.",
      ],
      { label: "Choose a new password", url: `${appOrigin}/reset-password?token=${token}` },
    ),
  );
}

/**
 * A right password followed by a wrong code from a browser the account does not
 * know: someone may have the password. The owner hears of it at most once an hour.
 */
export async function warnPasswordKnown(account: Account): Promise<void> {
  if (!(await takeOnce((await getLimiters()).passwordKnownMails, account.id))) return;
  const { appOrigin, appName } = getConfig();
  runAfterResponse("password known mail", () =>
    sendMail(
      composeMail(
        account.email,
        `${appName}: someone entered your password`,
        [
          `Someone entered the right password for your ${appName} account, then a wrong two-factor code, from a browser you have not signed in with before.`,
          "If this was not you, your password is known to someone else: change it now. Your two-factor codes stopped them.",
        ],
        { label: "Change your password", url: `${appOrigin}/account/security` },
      ),
    ),
  );
}

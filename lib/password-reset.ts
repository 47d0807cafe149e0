import { z } from "zod";
import { findAccountToken, issueAccountToken, redeemAccountToken } from "./account-token";
import { emailSchema, passwordSchema } from "./auth";
import { getConfig } from "./config";
import { recordCredentialChange } from "./credential-version";
import { invalidAccountLink, invalidInput } from "./errors";
import { log } from "./log";
import { runAfterResponse } from "./after-response";
import { composeMail, sendMail } from "./mail";
import { runInHashingTurn } from "./hashing-queue";
import { hashPassword } from "./password";
import { checkPasswordPolicy } from "./password-policy";
import { clearAccountLock } from "./account-lock";
import { assertAccountLinkAllowed, assertAccountMailAllowed } from "./rate-limit";
import { RateLimitedError } from "./rate-limiters";
import { reportAccountChange } from "./account-notice";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { findUserWithPasswordByEmail, normalizeEmail } from "./user";

// Password reset by an emailed link (ASVS 6.4): the same answer, after the same
// time, whether or not the account exists; a single-use token of 256 bits, stored
// as its SHA-256, valid for PASSWORD_RESET_TTL (at most an hour); throttled per
// client and per account; the new password under the policy; every session ended,
// and every link and pending sign-in voided (a credential change: lib/credential-version.ts).

export const requestPasswordResetInput = z.object({ email: emailSchema });
export const confirmPasswordResetInput = z.object({ token: z.string().min(1).max(200), newPassword: passwordSchema });

// The one answer to every reset request, on the page and in the API.
export const passwordResetRequested =
  "If an account uses this address, a link to choose a new password is on its way. It works once, for one hour at the most.";

/**
 * Accepts a reset request. Everything that depends on the account (lookup, token,
 * mail) runs after the response is sent, so neither the answer nor its timing
 * tells whether the account exists.
 */
export async function requestPasswordReset(input: z.infer<typeof requestPasswordResetInput>, client: ClientInfo): Promise<void> {
  await assertAccountLinkAllowed(client.ipAddress);
  runAfterResponse("password reset", () => mailPasswordReset(input.email, client));
}

/** Creates a reset token for the account, if there is one, and mails its link. */
export async function mailPasswordReset(email: string, client: ClientInfo): Promise<void> {
  const normalized = normalizeEmail(email);
  const user = await findUserWithPasswordByEmail(normalized);
  if (!user || user.disabledAt) return;
  try {
    await assertAccountMailAllowed("password_reset", normalized);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    // The requester already has the same answer as everyone: nothing to tell them.
    log.warn("password reset mail withheld: too many for this account this hour", { userId: user.id });
    return;
  }
  const { appOrigin, appName, passwordResetTtlSeconds } = getConfig();
  const token = await issueAccountToken(user.id, "password_reset", passwordResetTtlSeconds, user.credentialVersion);
  const minutes = Math.round(passwordResetTtlSeconds / 60);
  const url = `${appOrigin}/reset-password?token=${token}`;
  await sendMail(
    composeMail(
      user.email,
      `Reset your ${appName} password`,
      [
        `Someone (hopefully you) asked to reset the password of your ${appName} account.`,
        `The link works once, for ${minutes > 0 ? `${minutes} minutes` : `${passwordResetTtlSeconds} seconds`}. Setting a new password signs you out everywhere.`,
        "If you did not ask for this, ignore this message: your password stays as it is.",
      ],
      { label: "Choose a new password", url },
    ),
  );
  await recordSecurityEvent("password_reset_requested", user.id, client);
}

/** Sets the new password if the token is valid: every session, link and pending sign-in of the account ends. */
export async function confirmPasswordReset(input: z.infer<typeof confirmPasswordResetInput>, client: ClientInfo): Promise<void> {
  await assertAccountLinkAllowed(client.ipAddress);
  const { id, user, credentialVersion } = await findAccountToken(input.token, "password_reset");
  const problem = checkPasswordPolicy(input.newPassword, { email: user.email, name: user.name, appName: getConfig().appName });
  // Refused before the token is used: the same link works for a better password.
  if (problem) throw invalidInput({ newPassword: [problem] }, problem);
  // In the hashing line like every hash; a 503 here leaves the link unused.
  const passwordHash = await runInHashingTurn(client, () => hashPassword(input.newPassword));
  await redeemAccountToken(id, user.id, "password_reset");
  // Following the link proved control of the mailbox. Under the link's version: of a
  // reset and another change racing (an email-change link, say), only one happens.
  const verified = user.emailVerifiedAt ? {} : { emailVerifiedAt: new Date() };
  const changed = await recordCredentialChange(user.id, { passwordHash, ...verified }, { expectedVersion: credentialVersion });
  if (changed === null) throw invalidAccountLink();
  // Whoever was locked out by failed sign-ins (or codes) has just proved control of the mailbox.
  await clearAccountLock(user);
  await reportAccountChange("password_reset", user, client, {
    subject: "your password was reset",
    text: "The password of your account was reset through an emailed link, and every session ended.",
  });
}

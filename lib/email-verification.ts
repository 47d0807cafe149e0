import { z } from "zod";
import { findAccountToken, issueAccountToken, redeemAccountToken } from "./account-token";
import { getConfig } from "./config";
import { composeMail, sendMail } from "./mail";
import { assertAccountLinkAllowed, assertAccountMailAllowed } from "./rate-limit";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { reloadUserSessions } from "./session";
import { markEmailVerified, type PublicUser, readCredentialVersion } from "./user";

// Proof that the address is the user's: a link mailed at registration (and on
// request), valid once for EMAIL_VERIFICATION_TTL. An unverified account works as
// any other; the app reminds its owner, and following a password reset link
// verifies the address too.

export const confirmEmailVerificationInput = z.object({ token: z.string().min(1).max(200) });

export const verificationMailSent = "We sent a link to confirm your email address. It works once, for a day.";

/** Mails a verification link to the user's address (at most RATE_LIMIT_ACCOUNT_MAILS an hour). */
export async function mailEmailVerification(user: PublicUser, client: ClientInfo): Promise<void> {
  if (user.emailVerifiedAt) return;
  await assertAccountMailAllowed("email_verification", user.email);
  const { appOrigin, appName, emailVerificationTtlSeconds } = getConfig();
  // Read before the link is issued: a credential change after this read voids it.
  const credentialVersion = await readCredentialVersion(user.id);
  if (credentialVersion === null) return;
  const token = await issueAccountToken(user.id, "email_verification", emailVerificationTtlSeconds, credentialVersion);
  await sendMail(
    composeMail(
      user.email,
      `Confirm your email address for ${appName}`,
      [
        `Welcome to ${appName}. Please confirm that this address is yours.`,
        "The link works once, for a day. If you did not create this account, ignore this message.",
      ],
      { label: "Confirm my email address", url: `${appOrigin}/verify-email?token=${token}` },
    ),
  );
  await recordSecurityEvent("email_verification_sent", user.id, client);
}

export async function confirmEmailVerification(input: z.infer<typeof confirmEmailVerificationInput>, client: ClientInfo): Promise<void> {
  await assertAccountLinkAllowed(client.ipAddress);
  const { id, user } = await findAccountToken(input.token, "email_verification");
  await redeemAccountToken(id, user.id, "email_verification");
  await markEmailVerified(user.id);
  // Cached sessions carry the user: they should see the address verified at once.
  await reloadUserSessions(user.id);
  await recordSecurityEvent("email_verified", user.id, client);
}

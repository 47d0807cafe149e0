import { z } from "zod";
import { findAccountToken, issueAccountToken, redeemAccountToken } from "./account-token";
import { confirmPassword, emailSchema, passwordSchema } from "./auth";
import { getConfig } from "./config";
import { getDb } from "./db";
import { emailTaken, invalidAccountLink, invalidInput } from "./errors";
import { composeMail, sendMail } from "./mail";
import { assertAccountLinkAllowed, assertAccountMailAllowed } from "./rate-limit";
import { sendAccountNotice } from "./account-notice";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { refreshUserSessions } from "./session";
import { findUserWithPasswordByEmail, normalizeEmail, type PublicUser, updateUserEmail } from "./user";

// Changing the account's address: asked for with the password, done only when the
// link mailed to the new address is followed (so nobody can move an account to an
// address they do not read), and told to the old address both times.

export const requestEmailChangeInput = z.object({ newEmail: emailSchema, password: passwordSchema });
export const confirmEmailChangeInput = z.object({ token: z.string().min(1).max(200) });

export const emailChangeRequested = (newEmail: string) =>
  `We sent a link to ${newEmail}. Your address changes when you follow it (within a day).`;

export async function requestEmailChange(user: PublicUser, input: z.infer<typeof requestEmailChangeInput>, client: ClientInfo): Promise<void> {
  await confirmPassword(user, input.password, client);
  const newEmail = normalizeEmail(input.newEmail);
  if (newEmail === user.email) throw invalidInput({ newEmail: ["This is already your email address."] });
  if (await findUserWithPasswordByEmail(newEmail)) throw emailTaken("newEmail");
  await assertAccountMailAllowed("email_change", user.email);
  const { appOrigin, appName, emailVerificationTtlSeconds } = getConfig();
  const token = await issueAccountToken(user.id, "email_change", emailVerificationTtlSeconds, newEmail);
  // The old address hears of it first: no link goes out before its owner is warned.
  await sendMail(
    composeMail(
      user.email,
      `Your ${appName} email address is about to change`,
      [
        `Someone signed in to your ${appName} account asked to change its address to ${newEmail}. It changes only if the link sent there is followed.`,
        "If this was not you, change your password now and sign out your other sessions.",
      ],
      { label: "Review your account's security", url: `${appOrigin}/account/security` },
    ),
  );
  await sendMail(
    composeMail(
      newEmail,
      `Confirm your new email address for ${appName}`,
      [
        `Someone signed in to a ${appName} account asked to use this address for it from now on.`,
        "The link works once, for a day. If this was not you, ignore this message: nothing changes.",
      ],
      { label: "Use this address", url: `${appOrigin}/change-email?token=${token}` },
    ),
  );
  await recordSecurityEvent("email_change_requested", user.id, client, { detail: newEmail });
}

/** Follows the link: the account takes the new address, which counts as confirmed. */
export async function confirmEmailChange(input: z.infer<typeof confirmEmailChangeInput>, client: ClientInfo): Promise<void> {
  await assertAccountLinkAllowed(client.ipAddress);
  const { id, user, email } = await findAccountToken(input.token, "email_change");
  if (!email) throw invalidAccountLink();
  await redeemAccountToken(id, user.id, "email_change");
  await updateUserEmail(user.id, email);
  // Links sent to the old address (reset, verification) must not outlive it.
  const db = await getDb();
  await db.accountToken.deleteMany({ where: { userId: user.id } });
  // Cached sessions carry the user: the new address shows everywhere at once.
  await refreshUserSessions(user.id);
  await recordSecurityEvent("email_changed", user.id, client, { detail: `${user.email} → ${email}` });
  await sendAccountNotice(
    user.email,
    "your email address was changed",
    `Your account now uses ${email}; this address no longer signs in or receives its mail.`,
  );
}

import { z } from "zod";
import { findAccountToken, issueAccountToken, redeemAccountToken } from "./account-token";
import { confirmPassword, emailSchema, passwordSchema } from "./auth";
import { getConfig } from "./config";
import { getDb } from "./db";
import { emailTaken, invalidAccountLink, invalidInput } from "./errors";
import { composeMail, mailAfterResponse, sendMail } from "./mail";
import { allowAccountMail, assertAccountLinkAllowed, assertAccountMailAllowed } from "./rate-limit";
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
  getConfig().registrationMode === "verify-first"
    ? // Not even the address echoed: the answer is the same bytes for every address.
      "We sent a message to the new address. If it can be used for your account, the message holds a link: your address changes when you follow it (within a day)."
    : `We sent a link to ${newEmail}. Your address changes when you follow it (within a day).`;

/**
 * Asks for the change, with the password. REGISTRATION_MODE=immediate answers 409 for
 * a taken address; verify-first answers alike for every address and sends the mail
 * after the response, so neither the answer nor its timing tells whether it is taken.
 */
export async function requestEmailChange(user: PublicUser, input: z.infer<typeof requestEmailChangeInput>, client: ClientInfo): Promise<void> {
  await confirmPassword(user, input.password, client);
  const newEmail = normalizeEmail(input.newEmail);
  if (newEmail === user.email) throw invalidInput({ newEmail: ["This is already your email address."] });
  if (getConfig().registrationMode === "verify-first") {
    await assertAccountMailAllowed("email_change", user.email);
    mailAfterResponse("email change", () => mailEmailChange(user, newEmail, client));
    return;
  }
  if (await findUserWithPasswordByEmail(newEmail)) throw emailTaken("newEmail");
  await assertAccountMailAllowed("email_change", user.email);
  await mailEmailChange(user, newEmail, client);
}

/**
 * The notice to the old address, then the link to the new one; or, when the new
 * address has an account, a mail telling its owner (no link: nothing can change).
 */
async function mailEmailChange(user: PublicUser, newEmail: string, client: ClientInfo): Promise<void> {
  const { appOrigin, appName, emailVerificationTtlSeconds } = getConfig();
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
  const owner = await findUserWithPasswordByEmail(newEmail);
  if (owner) {
    // Many accounts may aim at one address: its owner hears of it a few times an hour at most.
    if (!(await allowAccountMail("email_claim", owner.email))) return;
    await sendMail(
      composeMail(
        newEmail,
        `Someone tried to use your address for another ${appName} account`,
        [
          `Someone signed in to another ${appName} account asked to move it to this address, which is already yours. Nothing was changed, and no link was sent.`,
          "You need not do anything. If you keep getting these, tell us.",
        ],
        { label: "Review your account's security", url: `${appOrigin}/account/security` },
      ),
    );
    await recordSecurityEvent("email_claim_attempted", owner.id, client);
  } else {
    const token = await issueAccountToken(user.id, "email_change", emailVerificationTtlSeconds, newEmail);
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
  }
  await recordSecurityEvent("email_change_requested", user.id, client, { detail: newEmail });
}

/**
 * Follows the link: the account takes the new address, which counts as confirmed. An
 * address taken since the link was sent still gets 409 email_taken, in both modes.
 */
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

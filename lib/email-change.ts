import { z } from "zod";
import { findAccountToken, issueAccountToken, redeemAccountToken } from "./account-token";
import { confirmPassword, emailSchema, passwordSchema } from "./auth";
import { getConfig } from "./config";
import { recordCredentialChange } from "./credential-version";
import { emailTaken, invalidAccountLink, invalidInput } from "./errors";
import { runAfterResponse } from "./after-response";
import { composeMail, sendMail } from "./mail";
import { isUniqueViolation } from "./plain-sql";
import { allowAccountMail, assertAccountLinkAllowed, assertAccountMailAllowed } from "./rate-limit";
import { reportAccountChange } from "./account-notice";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { findUserWithPasswordByEmail, normalizeEmail, type PublicUser } from "./user";

// Changing the account's address: asked for with the password, done only when the
// link mailed to the new address is followed (so nobody can move an account to an
// address they do not read), and told to the old address both times. The link
// carries the credential version the password was checked under: a password reset or
// change in between (the owner's answer to the warning) voids it.

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
export async function requestEmailChange(
  user: PublicUser,
  input: z.infer<typeof requestEmailChangeInput>,
  client: ClientInfo,
): Promise<void> {
  const credentialVersion = await confirmPassword(user, input.password, client);
  const newEmail = normalizeEmail(input.newEmail);
  if (newEmail === user.email) throw invalidInput({ newEmail: ["This is already your email address."] });
  if (getConfig().registrationMode === "verify-first") {
    await assertAccountMailAllowed("email_change", user.email);
    runAfterResponse("email change", () => mailEmailChange(user, newEmail, credentialVersion, client));
    return;
  }
  if (await findUserWithPasswordByEmail(newEmail)) throw emailTaken("newEmail");
  await assertAccountMailAllowed("email_change", user.email);
  await mailEmailChange(user, newEmail, credentialVersion, client);
}

/**
 * The notice to the old address, then the link to the new one (issued under the
 * credential version the password was checked at); or, when the new address has an
 * account, a mail telling its owner (no link: nothing can change).
 */
async function mailEmailChange(user: PublicUser, newEmail: string, credentialVersion: number, client: ClientInfo): Promise<void> {
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
    const token = await issueAccountToken(user.id, "email_change", emailVerificationTtlSeconds, credentialVersion, newEmail);
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

export type EmailChanged = { userId: string; credentialVersion: number };

/**
 * Follows the link: the account takes the new address, which counts as confirmed. A
 * credential change: every session ends, and links sent to the old address die with
 * them. Returns the account and its new credential version (for a browser signed in to
 * it to continue on a new session).
 */
export async function confirmEmailChange(input: z.infer<typeof confirmEmailChangeInput>, client: ClientInfo): Promise<EmailChanged> {
  await assertAccountLinkAllowed(client.ipAddress);
  const { id, user, email, credentialVersion: linkVersion } = await findAccountToken(input.token, "email_change");
  if (!email) throw invalidAccountLink();
  await redeemAccountToken(id, user.id, "email_change");
  let credentialVersion: number | null;
  try {
    // Under the link's version: a reset or password change racing this link wins.
    credentialVersion = await recordCredentialChange(user.id, { email, emailVerifiedAt: new Date() }, { expectedVersion: linkVersion });
  } catch (error) {
    // Registered by someone else since the change was asked for.
    if (isUniqueViolation(error)) throw emailTaken("token");
    throw error;
  }
  if (credentialVersion === null) throw invalidAccountLink();
  // To the old address: the new one asked for the change.
  await reportAccountChange(
    "email_changed",
    user,
    client,
    {
      subject: "your email address was changed",
      text: `Your account now uses ${email}; this address no longer signs in or receives its mail.`,
    },
    { detail: `${user.email} → ${email}` },
  );
  return { userId: user.id, credentialVersion };
}

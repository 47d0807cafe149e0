import { z } from "zod";
import { findAccountToken, issueAccountToken, redeemAccountToken } from "./account-token";
import { runAfterResponse } from "./after-response";
import { getConfig } from "./config";
import { describeDevice } from "./device";
import { confirmDeviceNow, confirmKnownDevice, forgetKnownDevice, recordDeviceSignIn } from "./known-devices";
import { log } from "./log";
import { composeMail, sendMail } from "./mail";
import { allowAccountMail, assertAccountLinkAllowed } from "./rate-limit";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { revokeSessionByPublicId, type SessionRecord } from "./session";
import type { PublicUser } from "./user";

// New-device alerts: a sign-in from a device the account has not confirmed mails the
// owner (at most once a day per device, and within the account's hourly share of mail:
// RATE_LIMIT_ACCOUNT_MAILS), with two answers behind one single-use link (account-token
// rules, a day): "Yes, that was me" confirms the device; "This wasn't me" ends the
// session that sign-in created (and the one of the device's latest sign-in, which mailed
// nothing new), forgets the device and leads straight to a password reset. The link was delivered to the mailbox a reset link would go to, so it may
// start one without another round trip while the stranger is still in.

export const signInAlertTtlSeconds = 24 * 60 * 60;

type SignedInDevice = { user: PublicUser; deviceId: string; credentialVersion: number; session: SessionRecord };

/**
 * After a completed sign-in (password, or password and second factor): notes the
 * device, and if it is new to the account records the alert in the activity and mails
 * it after the response (the sign-in neither waits for the mail server nor fails with
 * it). A failure here is logged: the sign-in has happened.
 */
export async function noteSignInDevice(signedIn: SignedInDevice, client: ClientInfo): Promise<void> {
  const { user, deviceId, credentialVersion, session } = signedIn;
  const label = describeDevice(client.userAgent).label;
  try {
    const { alert } = await recordDeviceSignIn({ userId: user.id, deviceId, label, credentialVersion, lastSessionId: session.publicId });
    if (!alert) return;
    await recordSecurityEvent("new_device_signed_in", user.id, client, { detail: label });
  } catch (error) {
    log.error("new-device check failed", { userId: user.id, error: String(error) });
    return;
  }
  runAfterResponse("new-device alert", async () => {
    if (!(await allowAccountMail("sign_in_alert", user.email))) {
      log.warn("new-device alert withheld: too many for this account this hour", { userId: user.id });
      return;
    }
    await mailSignInAlert(signedIn, label, client);
  });
}

/** Registration signs in on the device it happened on: known from the start, no alert. */
export function noteRegistrationDevice(user: PublicUser, deviceId: string, credentialVersion: number, client: ClientInfo): void {
  const label = describeDevice(client.userAgent).label;
  runAfterResponse("registration device", () => confirmDeviceNow({ userId: user.id, deviceId, label, credentialVersion }));
}

async function mailSignInAlert({ user, deviceId, credentialVersion, session }: SignedInDevice, label: string, client: ClientInfo) {
  const { appOrigin, appName } = getConfig();
  const token = await issueAccountToken(user.id, "sign_in_alert", signInAlertTtlSeconds, credentialVersion, null, {
    sessionId: session.publicId,
    deviceId,
  });
  const link = (answer: "yes" | "no") => `${appOrigin}/sign-in-alert?token=${token}&answer=${answer}`;
  await sendMail(
    composeMail(
      user.email,
      `${appName}: new sign-in from ${label}`,
      [
        `Your ${appName} account was signed in to from a device it has not seen before: ${label}, at ${client.ipAddress ?? "an unknown address"}, on ${session.createdAt.toUTCString()}.`,
        'If it was not you, follow "This wasn\'t me": that sign-in is ended at once and you choose a new password. The links work once, for a day.',
        'If it was you, there is nothing to do; "Yes, that was me" stops further alerts for that device.',
      ],
      [
        { label: "Yes, that was me", url: link("yes") },
        { label: "This wasn't me", url: link("no") },
      ],
    ),
  );
}

export const answerSignInAlertInput = z.object({ token: z.string().min(1).max(200), answer: z.enum(["yes", "no"]) });

/**
 * One click on the page the alert's link opens (never the link itself: mail scanners
 * follow links). "yes" confirms the device; "no" ends the alerted session, forgets the
 * device and returns a password reset token for the browser to continue with.
 */
export async function answerSignInAlert(
  input: z.infer<typeof answerSignInAlertInput>,
  client: ClientInfo,
): Promise<{ resetToken: string | null }> {
  await assertAccountLinkAllowed(client.ipAddress);
  const { id, user, credentialVersion, sessionId, deviceId } = await findAccountToken(input.token, "sign_in_alert");
  await redeemAccountToken(id, user.id, "sign_in_alert");
  if (input.answer === "yes") {
    if (deviceId) await confirmKnownDevice(user.id, deviceId);
    return { resetToken: null };
  }
  // The alerted session, and the one its device signed in to since (no second alert came for it).
  const latestSessionId = deviceId ? await forgetKnownDevice(user.id, { deviceId }) : null;
  for (const id of new Set([sessionId, latestSessionId])) if (id) await revokeSessionByPublicId(user.id, id);
  await recordSecurityEvent("sign_in_denied", user.id, client);
  const resetToken = await issueAccountToken(user.id, "password_reset", getConfig().passwordResetTtlSeconds, credentialVersion);
  return { resetToken };
}

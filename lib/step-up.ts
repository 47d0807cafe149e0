import "server-only";
import type { SignInMethod } from "./assurance";
import { sendAccountNotice } from "./account-notice";
import { getClientInfo, startSession } from "./request-session";
import { recognizeDevice } from "./device-cookie";
import { twoFactorNotEnabled, unauthenticated } from "./errors";
import { countPasskeys } from "./passkey-list";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import type { SessionRecord, ValidatedSession } from "./session";
import { isTwoFactorEnabled, verifySecondFactor } from "./two-factor";

// Step-up: a signed-in session raised to aal2 by a second factor given now, for the
// guards' `assurance` and `maxAge` (lib/require-user.ts, docs/assurance.md). Like
// every re-authentication it continues on a new session, at the level of what was
// just proved (lib/assurance.ts) and no longer-lived than the one it replaces.

/**
 * What this account can step up with. An account with none cannot reach aal2 by a
 * step-up: the prompt sends it to set up two-factor. A passkey (lib/passkey-step-up.ts)
 * finishes in continueSteppedUp like the code does.
 */
export type StepUpOptions = { code: boolean; passkey: boolean };

export async function readStepUpOptions(userId: string): Promise<StepUpOptions> {
  return { code: await isTwoFactorEnabled(userId), passkey: (await countPasskeys(userId)) > 0 };
}

export function canStepUp(options: StepUpOptions): boolean {
  return Object.values(options).some(Boolean);
}

/**
 * A code from the app, or a recovery code, confirms the session. Wrong codes count
 * against the account as at sign-in (a known device answers to its own limit); a
 * code already accepted once, here or at a sign-in, is refused.
 */
export async function stepUpWithCode(current: ValidatedSession, input: { code: string }): Promise<SessionRecord> {
  const client = await getClientInfo();
  if (!(await isTwoFactorEnabled(current.user.id))) {
    throw twoFactorNotEnabled("Set up two-factor authentication first: this account has no second factor to confirm it with.");
  }
  const device = await recognizeDevice(client.deviceCookie, { userId: current.user.id });
  const factor = await verifySecondFactor(current.user.id, input, client, { knownDevice: device !== null });
  const session = await continueSteppedUp(current, factor === "recovery_code" ? "password+recovery-code" : "password+totp", client);
  if (factor === "recovery_code") {
    await sendAccountNotice(current.user.email, {
      subject: "a recovery code was used",
      text: "Someone confirmed a session of your account with one of its recovery codes.",
    });
  }
  return session;
}

/** Where every step-up ends, once its factor is verified: the browser continues on a session of `method`'s level. */
export async function continueSteppedUp(current: ValidatedSession, method: SignInMethod, client: ClientInfo): Promise<SessionRecord> {
  const session = await startSession(current.user.id, current.session.credentialVersion, current.session.persistent, {
    method,
    notAfter: current.session.absoluteExpiresAt,
  });
  // The credentials changed since this session began: it has just ended with them.
  if (!session) throw unauthenticated();
  await recordSecurityEvent("stepped_up", current.user.id, client, { detail: method });
  return session;
}

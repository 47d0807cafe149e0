import "server-only";
import { cookies } from "next/headers";
import { checkCredentials, confirmPassword, type LoginInput, registerAccount, type RegisterInput } from "./auth";
import { warnPasswordKnown } from "./account-lock";
import { recognizeDevice, recordDeviceFailure, setDeviceCookie } from "./device-cookie";
import { initialCredentialVersion } from "./credential-version";
import { mailEmailVerification } from "./email-verification";
import { confirmRegistration, registrationRequested, requestRegistration } from "./pending-registration";
import { sendAccountNotice } from "./account-notice";
import { getConfig } from "./config";
import { runAfterResponse } from "./after-response";
import { AppError, invalidCredentials, reauthenticationRequired, unauthenticated } from "./errors";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { type SessionRecord, type ValidatedSession } from "./session";
import { createSignInChallenge } from "./sign-in-challenge";
import { completePendingSignIn, takeSignInAttempt } from "./pending-sign-in";
import { noteRegistrationDevice, noteSignInDevice } from "./sign-in-alert";
import { type SecondFactorMethod, verifySecondFactor } from "./two-factor";
import { findUserById, normalizeEmail, type PublicUser } from "./user";
import { sealSessionToken, setChallengeCookie } from "./session-cookie";
import { getClientInfo, startSession } from "./request-session";
import { countSignIn } from "./metric-counts";

// The sign-in flows, one copy each for the API and the forms: the password step,
// the second factor, re-authentication and the fresh-sign-in rule, registration.
// What binds a session to the request (cookies, startSession) is lib/request-session.ts.

export type SignedIn = { user: PublicUser; session: SessionRecord };
export type SignInResult = SignedIn | { secondFactorRequired: true; expiresAt: Date };

/**
 * The password step. With two-factor authentication on, it yields no session,
 * only a challenge (its own short-lived cookie) that completeSignIn turns into one.
 */
export async function signIn(input: LoginInput): Promise<SignInResult> {
  return countSignIn(signInWithPassword(input), (result) => ("secondFactorRequired" in result ? "second_factor_required" : "success"));
}

async function signInWithPassword(input: LoginInput): Promise<SignInResult> {
  const client = await getClientInfo();
  const device = await recognizeDevice(client.deviceCookie, { email: normalizeEmail(input.email) });
  const { user, twoFactorEnabled, credentialVersion } = await checkCredentials(input, client, { knownDevice: device !== null });
  const persistent = input.remember ?? false;
  if (twoFactorEnabled) {
    const { token, expiresAt } = await createSignInChallenge(user.id, persistent, credentialVersion);
    setChallengeCookie(await cookies(), await sealSessionToken(token), expiresAt);
    await recordSecurityEvent("second_factor_requested", user.id, client);
    return { secondFactorRequired: true, expiresAt };
  }
  // The password changed while it was being checked: the old one opens nothing.
  const session = await startSession(user.id, credentialVersion, persistent, { method: "password" });
  if (!session) throw invalidCredentials();
  const deviceId = await setDeviceCookie(await cookies(), user, credentialVersion, device);
  await recordSecurityEvent("login_succeeded", user.id, client);
  await noteSignInDevice({ user, deviceId, credentialVersion, session }, client);
  return { user, session };
}

/**
 * The second step: a code from the app or a recovery code turns the challenge into
 * a brand-new session. Every code tried counts against the challenge, which ends
 * after a few, and each wrong one against the account.
 */
export async function completeSignIn(input: { code: string }): Promise<SignedIn & { method: SecondFactorMethod }> {
  return countSignIn(signInWithSecondFactor(input));
}

async function signInWithSecondFactor(input: { code: string }): Promise<SignedIn & { method: SecondFactorMethod }> {
  const challenge = await takeSignInAttempt();
  const client = await getClientInfo();
  const device = await recognizeDevice(client.deviceCookie, { userId: challenge.userId });
  const knownDevice = device !== null;
  let method: SecondFactorMethod;
  try {
    method = await verifySecondFactor(challenge.userId, input, client, { knownDevice });
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_code") await noteWrongCode(challenge.userId, client, knownDevice);
    throw error;
  }
  const signInMethod = method === "recovery_code" ? "password+recovery-code" : "password+totp";
  const { user, session, deviceId } = await completePendingSignIn(challenge, signInMethod, device);
  await recordSecurityEvent(method === "recovery_code" ? "recovery_code_used" : "login_succeeded", user.id, client, {
    detail: method === "recovery_code" ? "recovery code" : "authenticator app",
  });
  await noteSignInDevice({ user, deviceId, credentialVersion: challenge.credentialVersion, session }, client);
  if (method === "recovery_code") {
    await sendAccountNotice(user.email, {
      subject: "a recovery code was used",
      text: "Someone signed in to your account with one of its recovery codes.",
    });
  }
  return { user, session, method };
}

/** A wrong code after a right password: the device's own count if it is known, else a warning to the owner. */
async function noteWrongCode(userId: string, client: ClientInfo, knownDevice: boolean): Promise<void> {
  if (knownDevice) {
    await recordDeviceFailure(client.deviceCookie);
    return;
  }
  const user = await findUserById(userId);
  if (user) await warnPasswordKnown(user);
}

/**
 * Two-factor setup and new recovery codes need a sign-in within FRESH_SIGN_IN_MAX_AGE
 * (changing the password or the email, and turning 2FA off, ask for the password
 * each time). A session is as fresh as its creation, since signing in, confirming
 * the password and changing it each start a new one.
 */
export function isFreshSignIn(current: ValidatedSession, now = Date.now()): boolean {
  return now - current.session.createdAt.getTime() <= getConfig().freshSignInMaxAgeSeconds * 1000;
}

export function requireFreshSignIn(current: ValidatedSession): void {
  if (!isFreshSignIn(current)) throw reauthenticationRequired();
}

/** The password entered again: the browser continues on a new session, fresh from now. */
export async function reauthenticate(current: ValidatedSession, password: string): Promise<SessionRecord> {
  const client = await getClientInfo();
  const credentialVersion = await confirmPassword(current.user, password, client);
  // Fresh, but no longer-lived: without a second factor, the sign-in's absolute deadline stays.
  // No new device cookie: each is a fresh device id with its own failure limit, and a password
  // alone (with a stolen session) must not mint them for an account whose sign-in needs a code.
  // And only as strong as the password: an aal2 session re-authenticated so is aal1 (lib/assurance.ts).
  const session = await startSession(current.user.id, credentialVersion, current.session.persistent, {
    method: "password",
    notAfter: current.session.absoluteExpiresAt,
  });
  if (!session) throw unauthenticated();
  await recordSecurityEvent("reauthenticated", current.user.id, client);
  return session;
}

/**
 * REGISTRATION_MODE=immediate: the account, signed in. verify-first: only the
 * message every registration gets; the mailed link finishes it (completeSignUp).
 */
export async function signUp(input: RegisterInput): Promise<{ user: PublicUser } | { message: string }> {
  const client = await getClientInfo();
  if (getConfig().registrationMode === "verify-first") {
    await requestRegistration(input, client);
    return { message: registrationRequested };
  }
  const user = await registerAccount(input, client);
  await startSession(user.id, initialCredentialVersion, false, { method: "password" });
  const deviceId = await setDeviceCookie(await cookies(), user, initialCredentialVersion);
  noteRegistrationDevice(user, deviceId, initialCredentialVersion, client);
  // Registration never waits for (or fails with) the mail server.
  runAfterResponse("email verification", () => mailEmailVerification(user, client));
  return { user };
}

/** The verify-first link followed: the account is created, and this browser signed in to it. */
export async function completeSignUp(input: { token: string }): Promise<SignedIn> {
  const client = await getClientInfo();
  const user = await confirmRegistration(input, client);
  const session = await startSession(user.id, initialCredentialVersion, false, { method: "password" });
  // Only a change made between the account's creation and this line could refuse it.
  if (!session) throw unauthenticated();
  const deviceId = await setDeviceCookie(await cookies(), user, initialCredentialVersion);
  noteRegistrationDevice(user, deviceId, initialCredentialVersion, client);
  return { user, session };
}

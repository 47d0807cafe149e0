import "server-only";
import crypto from "node:crypto";
import { cookies } from "next/headers";
import type { z } from "zod";
import { getConfig } from "./config";
import { getClientInfo, startSession } from "./request-session";
import { getDb } from "./db";
import { recognizeDevice, setDeviceCookie } from "./device-cookie";
import { invalidPasskey, signInExpired } from "./errors";
import { countSignIn } from "./metric-counts";
import { passkeyChallengeTtlSeconds } from "./passkey-challenge";
import type { passkeySecondFactorInput, passkeySignInInput } from "./passkey-schemas";
import { createAuthenticationOptions, verifyAuthentication } from "./passkey-authentication";
import { assertPasskeySignInStartAllowed, countRefusals } from "./rate-limit";
import { getLimiters, spend } from "./rate-limiters";
import { clientAddressKey } from "./request";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { sealSessionToken, sessionCookieName, unsealSessionToken } from "./session-cookie";
import { completePendingSignIn, getSignInChallenge, takeSignInAttempt } from "./pending-sign-in";
import type { SignedIn } from "./sign-in";
import { noteSignInDevice } from "./sign-in-alert";
import { findUserById, readCredentialVersion } from "./user";

// Signing in with a passkey: on its own (a discoverable passkey with user verification is a
// complete sign-in, no email typed), or as the second factor after the password. The
// passwordless attempt is bound to a cookie of its own holding a random attempt id, so a
// challenge fetched by one browser cannot be answered from another; the second factor's
// is bound to the pending two-factor sign-in (lib/sign-in-challenge.ts).

export function passkeyAttemptCookieName(): string {
  return `${sessionCookieName()}-passkey`;
}

// The session cookie's attributes: host-only, HttpOnly, SameSite=Lax, Secure over https.
function attemptCookieOptions(expires: Date) {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: getConfig().secureCookies, expires } as const;
}

function clearAttemptCookie(jar: Awaited<ReturnType<typeof cookies>>): void {
  jar.set(passkeyAttemptCookieName(), "", { ...attemptCookieOptions(new Date(0)), maxAge: 0 });
}

/** Options for a passwordless sign-in; this browser's attempt cookie binds them. */
export async function startPasskeySignIn() {
  await assertPasskeySignInStartAllowed((await getClientInfo()).ipAddress);
  const attemptId = crypto.randomBytes(32).toString("base64url");
  const options = await createAuthenticationOptions("sign_in", attemptId);
  const expires = new Date(Date.now() + passkeyChallengeTtlSeconds * 1000);
  (await cookies()).set(passkeyAttemptCookieName(), await sealSessionToken(attemptId), attemptCookieOptions(expires));
  return options;
}

/** The passwordless sign-in's answer: a verified passkey starts a session of its account. */
export async function finishPasskeySignIn(input: z.infer<typeof passkeySignInInput>): Promise<SignedIn> {
  return countSignIn(signInWithPasskey(input));
}

async function signInWithPasskey(input: z.infer<typeof passkeySignInInput>): Promise<SignedIn> {
  const client = await getClientInfo();
  await assertPasskeySignInAllowed(client);
  const jar = await cookies();
  const attemptId = await unsealSessionToken(jar.get(passkeyAttemptCookieName())?.value);
  // One answer per attempt: the cookie goes with it, whatever the outcome.
  clearAttemptCookie(jar);
  if (!attemptId) throw invalidPasskey();
  // Read before the check: a removal of the passkey (a credential change) meanwhile voids the session.
  const owner = await findPasskeyOwner(input.credential.id);
  const { passkey } = await verifyAuthentication("sign_in", attemptId, input.credential);
  if (!owner || owner.userId !== passkey.userId) throw invalidPasskey();
  const user = await findUserById(passkey.userId);
  if (!user || user.disabledAt) throw invalidPasskey();
  // User verification was required: a complete sign-in, at aal2 (lib/assurance.ts).
  const session = await startSession(user.id, owner.credentialVersion, input.remember ?? false, { method: "passkey" });
  if (!session) throw invalidPasskey();
  const device = await recognizeDevice(client.deviceCookie, { userId: user.id });
  const deviceId = await setDeviceCookie(jar, user, owner.credentialVersion, device);
  await recordSecurityEvent("passkey_signed_in", user.id, client, { detail: passkey.name });
  await noteSignInDevice({ user, deviceId, credentialVersion: owner.credentialVersion, session }, client);
  return { user, session };
}

/** Options for the second factor of the two-factor sign-in waiting in this browser. */
export async function startPasskeySecondFactor() {
  const challenge = await getSignInChallenge();
  if (!challenge) throw signInExpired();
  return createAuthenticationOptions("second_factor", challenge.id, challenge.userId);
}

/** A passkey of the account in place of the app code: the pending sign-in becomes a session. */
export async function finishPasskeySecondFactor(input: z.infer<typeof passkeySecondFactorInput>): Promise<SignedIn> {
  return countSignIn(signInWithPasskeySecondFactor(input));
}

async function signInWithPasskeySecondFactor(input: z.infer<typeof passkeySecondFactorInput>): Promise<SignedIn> {
  // Each answer takes one of the pending sign-in's few attempts, like a code.
  const challenge = await takeSignInAttempt();
  const client = await getClientInfo();
  const { passkey } = await verifyAuthentication("second_factor", challenge.id, input.credential, challenge.userId);
  const device = await recognizeDevice(client.deviceCookie, { userId: challenge.userId });
  const { user, session, deviceId } = await completePendingSignIn(challenge, "password+passkey", device);
  await recordSecurityEvent("passkey_signed_in", user.id, client, { detail: `${passkey.name}, as the second factor` });
  await noteSignInDevice({ user, deviceId, credentialVersion: challenge.credentialVersion, session }, client);
  return { user, session };
}

async function findPasskeyOwner(credentialId: string): Promise<{ userId: string; credentialVersion: number } | null> {
  const db = await getDb();
  const found = await db.passkey.findUnique({ where: { credentialId }, select: { userId: true } });
  // The account's version through its own module (User is plain SQL's table). Read after the
  // passkey, still before the check: a removal that lands between the two reads fails the check.
  const credentialVersion = found && (await readCredentialVersion(found.userId));
  return found && credentialVersion !== null ? { userId: found.userId, credentialVersion } : null;
}

/**
 * The password sign-in's address and shared budgets, spent by each passwordless answer:
 * the address first, so a client over its own limit spends nothing of everybody's.
 */
async function assertPasskeySignInAllowed(client: ClientInfo): Promise<void> {
  const l = await getLimiters();
  await countRefusals("password", spend(l.loginPerIp, clientAddressKey(client.ipAddress), "address"));
  await countRefusals("password", spend(l.loginGlobal, "all", "global"));
}

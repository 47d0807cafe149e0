import "server-only";
import { cookies } from "next/headers";
import type { SignInMethod } from "./assurance";
import { type Device, setDeviceCookie } from "./device-cookie";
import { signInExpired } from "./errors";
import { startSession } from "./request-session";
import type { SessionRecord } from "./session";
import { challengeCookieName, clearChallengeCookie, unsealSessionToken } from "./session-cookie";
import { consumeSignInChallenge, findSignInChallenge, type SignInChallenge, takeChallengeAttempt } from "./sign-in-challenge";
import { findUserById, type PublicUser } from "./user";

// The sign-in waiting for its second factor in this browser (after the right password),
// for each way of giving that factor: an app code or recovery code (lib/sign-in.ts), or a
// passkey (lib/passkey-sign-in.ts). Its record is lib/sign-in-challenge.ts.

/** The sign-in waiting for a second factor in this browser, if any. */
export async function getSignInChallenge(): Promise<SignInChallenge | null> {
  const token = await unsealSessionToken((await cookies()).get(challengeCookieName())?.value);
  return token ? findSignInChallenge(token) : null;
}

/** The pending sign-in, with one of its few attempts taken for the answer at hand; else 401 `sign_in_expired`. */
export async function takeSignInAttempt(): Promise<SignInChallenge> {
  const challenge = await getSignInChallenge();
  if (!challenge || !(await takeChallengeAttempt(challenge.id))) {
    clearChallengeCookie(await cookies());
    throw signInExpired();
  }
  return challenge;
}

/**
 * A second factor was verified: the pending sign-in becomes a brand-new session signed in
 * with `method`. Of two requests completing one challenge, one gets the session.
 */
export async function completePendingSignIn(
  challenge: SignInChallenge,
  method: SignInMethod,
  device: Device | null,
): Promise<{ user: PublicUser; session: SessionRecord; deviceId: string }> {
  const jar = await cookies();
  if (!(await consumeSignInChallenge(challenge.id))) throw signInExpired();
  clearChallengeCookie(jar);
  const user = await findUserById(challenge.userId);
  if (!user || user.disabledAt) throw signInExpired();
  const session = await startSession(user.id, challenge.credentialVersion, challenge.persistent, { method });
  if (!session) throw signInExpired();
  const deviceId = await setDeviceCookie(jar, user, challenge.credentialVersion, device);
  return { user, session, deviceId };
}

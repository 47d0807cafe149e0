import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import type { SignInMethod } from "./assurance";
import { deviceCookieName } from "./device-cookie";
import { getClientIp, getClientSignal, getUserAgent, readCookie } from "./request";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { createSession, revokeSession, type SessionRecord, validateSessionToken, type ValidatedSession } from "./session";
import {
  clearSessionCookie,
  sealSessionToken,
  sessionCookieName,
  setSessionCookie,
  unsealSessionToken,
  validateSessionCookie,
} from "./session-cookie";
import { hashToken } from "./token";

// The session of the request being served, through Next's request-scoped cookies().
// Works in route handlers and server actions; server components may only read. The
// sign-in flows that end in one are lib/sign-in.ts; app code asks for the user
// through the guards of lib/require-user.ts.

export async function getClientInfo(): Promise<ClientInfo> {
  const requestHeaders = await headers();
  return {
    ipAddress: getClientIp(requestHeaders),
    userAgent: getUserAgent(requestHeaders),
    signal: getClientSignal(requestHeaders),
    deviceCookie: (await cookies()).get(deviceCookieName())?.value ?? null,
  };
}

async function readSessionCookie(): Promise<{ seal: string | undefined; token: string | null }> {
  const seal = (await cookies()).get(sessionCookieName())?.value;
  return { seal, token: await unsealSessionToken(seal) };
}

/**
 * For server components: validation without renewal, because they cannot send a
 * cookie. proxy.ts renews before any page renders. Memoized per request.
 */
export const getCurrentSession = cache(async (): Promise<ValidatedSession | null> => {
  const seal = (await cookies()).get(sessionCookieName())?.value;
  return validateSessionCookie(seal, { renew: false });
});

/** For route handlers and server actions: validates, renews, and re-sends the cookie when the deadline moved. */
export async function authenticate(): Promise<ValidatedSession | null> {
  // Read from the headers; the writable jar only for the few requests that set the cookie.
  const seal = readCookie((await headers()).get("cookie"), sessionCookieName());
  if (!seal) return null;
  const current = await validateSessionCookie(seal, { renew: true });
  if (!current) {
    clearSessionCookie(await cookies());
    return null;
  }
  if (current.renewed) setSessionCookie(await cookies(), seal, current.session);
  return current;
}

/**
 * Signs the user in with a brand-new session. Whatever session the browser
 * carried before is ended first, so a planted cookie cannot be promoted (fixation).
 * `credentialVersion`: the account's, as read with the credentials just checked (or
 * returned by the credential change just made); null, and no session, when it has
 * moved since (lib/credential-version.ts).
 * `method`: what the user just proved, which alone sets the session's assurance
 * level (lib/assurance.ts). `notAfter`: for a session that replaces one without a
 * full sign-in (password entered again or changed), the absolute deadline of the
 * one it replaces.
 */
export async function startSession(
  userId: string,
  credentialVersion: number,
  persistent: boolean,
  { method, notAfter }: { method: SignInMethod; notAfter?: Date },
): Promise<SessionRecord | null> {
  const { token: previousToken } = await readSessionCookie();
  if (previousToken) await revokeSession(hashToken(previousToken));
  const jar = await cookies();
  const created = await createSession(userId, { persistent, notAfter, credentialVersion, method, ...(await getClientInfo()) });
  if (!created) {
    if (previousToken) clearSessionCookie(jar);
    return null;
  }
  setSessionCookie(jar, await sealSessionToken(created.token), created.session);
  return created.session;
}

/** Logout: the record is deleted, so the cookie is worthless even if a copy survives. */
export async function endCurrentSession(): Promise<void> {
  const { seal, token } = await readSessionCookie();
  if (token) {
    // From the cache when it can: only to name the user in the activity log.
    const current = await validateSessionToken(token, { renew: false }).catch(() => null);
    await revokeSession(hashToken(token));
    if (current) await recordSecurityEvent("logged_out", current.user.id, await getClientInfo());
  }
  if (seal) clearSessionCookie(await cookies());
}

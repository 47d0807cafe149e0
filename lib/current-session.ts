import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import {
  changePassword,
  type ChangePasswordInput,
  type LoginInput,
  registerAccount,
  type RegisterInput,
  verifyCredentials,
} from "./auth";
import { mailEmailVerification } from "./email-verification";
import { mailAfterResponse } from "./mail";
import { unauthenticated } from "./errors";
import { getClientIp, getUserAgent } from "./request";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import {
  createSession,
  hashSessionToken,
  invalidateSession,
  invalidateUserSessions,
  type SessionRecord,
  validateSessionCookie,
  type ValidatedSession,
} from "./session";
import type { PublicUser } from "./user";
import { clearSessionCookie, sealSessionToken, sessionCookieName, setSessionCookie, unsealSessionToken } from "./session-cookie";

// The session of the request being served, through Next's request-scoped cookies().
// Works in route handlers and server actions; server components may only read.

export async function getClientInfo(): Promise<ClientInfo> {
  const requestHeaders = await headers();
  return { ipAddress: getClientIp(requestHeaders), userAgent: getUserAgent(requestHeaders) };
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
  const jar = await cookies();
  const seal = jar.get(sessionCookieName())?.value;
  if (!seal) return null;
  const current = await validateSessionCookie(seal, { renew: true });
  if (!current) {
    clearSessionCookie(jar);
    return null;
  }
  if (current.renewed) setSessionCookie(jar, seal, current.session);
  return current;
}

export async function requireAuthentication(): Promise<ValidatedSession> {
  const current = await authenticate();
  if (!current) throw unauthenticated();
  return current;
}

/**
 * Signs the user in with a brand-new session. Whatever session the browser
 * carried before is ended first, so a planted cookie cannot be promoted (fixation).
 */
export async function startSession(userId: string, persistent: boolean): Promise<SessionRecord> {
  const { token: previousToken } = await readSessionCookie();
  if (previousToken) await invalidateSession(hashSessionToken(previousToken));
  const { token, session } = await createSession(userId, { persistent, ...(await getClientInfo()) });
  setSessionCookie(await cookies(), await sealSessionToken(token), session);
  return session;
}

// The account flows that end in a cookie, one copy each for the API and the forms.

export async function signIn(input: LoginInput): Promise<{ user: PublicUser; session: SessionRecord }> {
  const client = await getClientInfo();
  const user = await verifyCredentials(input, client);
  const session = await startSession(user.id, input.remember ?? false);
  await recordSecurityEvent("login_succeeded", user.id, client);
  return { user, session };
}

export async function signUp(input: RegisterInput): Promise<PublicUser> {
  const client = await getClientInfo();
  const user = await registerAccount(input, client);
  await startSession(user.id, false);
  // Registration never waits for (or fails with) the mail server.
  mailAfterResponse("email verification", () => mailEmailVerification(user, client));
  return user;
}

/**
 * Changes the password, then every session of the user ends and this browser
 * continues on a brand-new one (new token, new cookie).
 */
export async function changeOwnPassword(current: ValidatedSession, input: ChangePasswordInput): Promise<void> {
  await changePassword(current.user.id, input, await getClientInfo());
  await invalidateUserSessions(current.user.id);
  await startSession(current.user.id, current.session.persistent);
}

/** Logout: the record is deleted, so the cookie is worthless even if a copy survives. */
export async function endCurrentSession(): Promise<void> {
  const { seal, token } = await readSessionCookie();
  if (token) {
    // From the cache when it can: only to name the user in the activity log.
    const current = await validateSessionCookie(seal, { renew: false }).catch(() => null);
    await invalidateSession(hashSessionToken(token));
    if (current) await recordSecurityEvent("logged_out", current.user.id, await getClientInfo());
  }
  if (seal) clearSessionCookie(await cookies());
}

/** For protected pages: the session, or a redirect to the login page that comes back here. */
export async function requirePageSession(returnTo: string): Promise<ValidatedSession> {
  const current = await getCurrentSession();
  if (!current) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return current;
}

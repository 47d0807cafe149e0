import { notFound } from "./errors";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { listSessions, revokeSessionByPublicId, revokeUserSessions, type ValidatedSession } from "./session";
import { describeSession, type SessionView } from "./session-view";
import { requireFreshSignIn } from "./sign-in";

// What a signed-in user can do with their own sessions; shared by the pages and the API.
// Ending another session needs a fresh sign-in (ASVS 7.5.2: a stolen session must not
// sign its owner out); ending this one never does.

export async function listUserSessions(current: ValidatedSession): Promise<SessionView[]> {
  const sessions = await listSessions(current.user.id);
  const views = sessions.map((session) => describeSession(session, current.session.id));
  // This device first, then the most recently active.
  return views.sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of the user's sessions by its public id; another user's id is simply "not found". */
export async function revokeOwnSession(current: ValidatedSession, publicId: string, client: ClientInfo): Promise<void> {
  if (publicId !== current.session.publicId) requireFreshSignIn(current);
  const ended = await revokeSessionByPublicId(current.user.id, publicId);
  if (!ended) throw notFound("session");
  await recordSecurityEvent("session_revoked", current.user.id, client);
}

export async function revokeOtherSessions(current: ValidatedSession, client: ClientInfo): Promise<number> {
  requireFreshSignIn(current);
  const revoked = await revokeUserSessions(current.user.id, { except: current.session.id });
  await recordSecurityEvent("other_sessions_revoked", current.user.id, client);
  return revoked;
}

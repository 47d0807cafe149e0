import "server-only";
import { type AdminActor, requireAdmin } from "./admin";
import { requireApiUser } from "./require-user";
import { requireFreshSignIn } from "./sign-in";
import type { ValidatedSession } from "./session";

// The one gate of every administrative change made over HTTP, the API's and the admin
// pages' alike (ASVS 7.5.3). A session left signed in long ago, on a shared or stolen
// device, reads the admin pages but changes nothing until its owner enters the password
// again: the rule, and the re-entry (POST /api/auth/reauthenticate or the page's password
// step), are those of two-factor changes.

/** An administrator signed in (or having re-entered the password) within FRESH_SIGN_IN_MAX_AGE. */
export function authorizeAdminChange(current: ValidatedSession): AdminActor {
  requireAdmin(current);
  requireFreshSignIn(current);
  return { id: current.user.id } as AdminActor;
}

/** For route handlers: the request's session, allowed to change accounts, or 401/403. */
export async function requireAdminChange(): Promise<AdminActor> {
  return authorizeAdminChange(await requireApiUser({ role: "admin" }));
}

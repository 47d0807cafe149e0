import { z } from "zod";
import { recordCredentialChange } from "./credential-version";
import { AppError, forbidden, notFound } from "./errors";
import type { Role } from "./generated/prisma/client";
import { type ClientInfo, countSignInsSince, recordSecurityEvent } from "./security-events";
import { countActiveSessions, listSessions, reloadUserSessions, revokeUserSessions, type ValidatedSession } from "./session";
import { describeSession } from "./session-view";
import { findUserById, type PublicUser } from "./user";
import { countActiveAdmins, countUsers, deleteUserRecord, findUsersPage, updateAccountFields } from "./user-directory";

// What administrators can do to accounts. Every change is recorded in the
// affected user's security activity, naming the acting administrator.

/** Reading: the role is enough. Changes need an AdminActor as well (below). */
export function requireAdmin(current: ValidatedSession): ValidatedSession {
  if (current.user.role !== "admin") throw forbidden();
  return current;
}

declare const mayChangeAccounts: unique symbol;

/**
 * Who makes a change below. Over HTTP it comes only from authorizeAdminChange
 * (lib/admin-access.ts): an administrator whose sign-in is fresh. The admin CLI,
 * the server's own shell, makes its own. Every change takes one, so no route or
 * action can call a change without passing that check: it would not compile.
 */
export type AdminActor = Pick<PublicUser, "id"> & { readonly [mayChangeAccounts]: true };

export const listUsersQuery = z.object({
  query: z.string().trim().max(254).optional(),
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** Users whose email or name contains `query`, oldest first, a page at a time. */
export async function listUsers({ query, cursor, limit }: z.infer<typeof listUsersQuery>) {
  // One more than a page: whether there is a next one, and where it starts.
  const rows = await findUsersPage({ query, cursor, take: limit + 1 });
  return { users: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit]!.id : null };
}

export async function getUserDetail(id: string) {
  const user = await findUserById(id);
  if (!user) throw notFound("user");
  const sessions = (await listSessions(id)).map((session) => describeSession(session));
  return { user, sessions };
}

export const updateUserInput = z
  .object({
    name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters.").optional(),
    role: z.enum(["user", "admin"]).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

export const updateOwnProfileInput = z
  .object({
    name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  })
  .strict();

const lastAdmin = () => new AppError("last_admin", 409, "This is the last active administrator: promote someone else first.");

/**
 * Changes an account. Refuses to leave the system without an active
 * administrator, and ends every session of an account it disables.
 */
export async function updateUser(
  actor: AdminActor,
  id: string,
  changes: z.infer<typeof updateUserInput>,
  client: ClientInfo,
): Promise<PublicUser> {
  const before = await findUserById(id);
  if (!before) throw notFound("user");
  const disabledAt = changes.disabled === undefined ? undefined : changes.disabled ? (before.disabledAt ?? new Date()) : null;
  const role = changes.role as Role | undefined;
  if (!(await updateAccountFields(id, { name: changes.name, role, disabledAt }))) throw notFound("user");
  const removedAdmin = before.role === "admin" && !before.disabledAt && (role === "user" || changes.disabled === true);
  if (removedAdmin) await keepAnAdmin(id, { role: before.role, disabledAt: before.disabledAt });
  const after = await findUserById(id);
  if (!after) throw notFound("user");

  // Role, name and status are read afresh on each session's next request.
  await reloadUserSessions(id);
  const audit = (type: Parameters<typeof recordSecurityEvent>[0], detail?: string) =>
    recordSecurityEvent(type, id, client, { actorId: actor.id, detail });
  if (role && role !== before.role) await audit("role_changed", `role: ${before.role} → ${role}`);
  if (changes.name && changes.name !== before.name) await audit("name_changed");
  if (after.disabledAt && !before.disabledAt) {
    // A credential change: sessions end, and links and pending sign-ins stay void after re-enabling.
    await recordCredentialChange(id);
    await audit("account_disabled");
  }
  if (!after.disabledAt && before.disabledAt) await audit("account_enabled");
  return after;
}

export async function deleteUser(actor: AdminActor, id: string, client: ClientInfo): Promise<void> {
  const user = await findUserById(id);
  if (!user) throw notFound("user");
  if (user.role === "admin" && !user.disabledAt) {
    // Take the administrator out of the count first; only then is it safe to delete.
    await updateAccountFields(id, { disabledAt: new Date() });
    await keepAnAdmin(id, { role: user.role, disabledAt: null });
  }
  // Sessions first: in Redis they are not the database's to cascade. Activity goes with the account.
  await revokeUserSessions(id);
  if (!(await deleteUserRecord(id))) throw notFound("user");
  // A session cached between the first eviction and the delete must not outlive the account.
  await reloadUserSessions(id);
  // The account's own log is gone with it; the acting administrator's keeps the record.
  await recordSecurityEvent("account_deleted", actor.id, client, { actorId: actor.id, detail: `deleted ${user.email}` });
}

/**
 * Called right after a change that took an administrator out of the active ones:
 * if none is left, the change is undone. Checking after writing (rather than
 * before) keeps concurrent demotions from both passing a check that each alone
 * would pass; each statement stays a single write, which SQLite never has to
 * upgrade from a read lock.
 */
async function keepAnAdmin(id: string, previous: { role: Role; disabledAt: Date | null }): Promise<void> {
  if ((await countActiveAdmins()) > 0) return;
  await updateAccountFields(id, previous);
  // A session read in between saw the change; none may keep seeing it.
  await reloadUserSessions(id);
  throw lastAdmin();
}

export async function revokeUserSessionsAsAdmin(actor: AdminActor, id: string, client: ClientInfo): Promise<number> {
  if (!(await findUserById(id))) throw notFound("user");
  const revoked = await revokeUserSessions(id);
  await recordSecurityEvent("sessions_revoked_by_admin", id, client, { actorId: actor.id, detail: `${revoked} ended` });
  return revoked;
}

export async function getStats() {
  const now = new Date();
  const [users, activeSessions, signInsLast24h] = await Promise.all([
    countUsers(),
    countActiveSessions(now),
    countSignInsSince(new Date(now.getTime() - 24 * 60 * 60 * 1000)),
  ]);
  return { users, activeSessions, signInsLast24h };
}

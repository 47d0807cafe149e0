"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { unlockAccount } from "@/lib/account-lock";
import { type AdminActor, deleteUser, revokeUserSessionsAsAdmin, updateUser } from "@/lib/admin";
import { authorizeAdminChange } from "@/lib/admin-access";
import { reauthenticateInput } from "@/lib/auth";
import { getClientInfo } from "@/lib/request-session";
import { reauthenticate } from "@/lib/sign-in";
import { AppError } from "@/lib/errors";
import { userAction, userFormAction } from "@/lib/require-user";
import type { ClientInfo } from "@/lib/security-events";

// Each action re-checks the session and the role (lib/require-user.ts), then reports back
// through the URL, so everything works without JavaScript. Destructive ones need the
// confirmation box ticked. All changes go through adminChange(), which lets one
// through only with a fresh sign-in (authorizeAdminChange); without one the page
// comes back asking for the password.

const admin = { role: "admin" } as const;

const userPage = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

// The form's fields as text: hidden ones carry the account and the chosen value.
const changeInput = z.object({ id: z.string(), confirm: z.string(), role: z.string(), disabled: z.string() });
type ChangeInput = z.infer<typeof changeInput>;
type Change = (actor: AdminActor, input: ChangeInput, client: ClientInfo) => Promise<string>;

function adminChange(change: Change, options: { confirm: (input: ChangeInput) => boolean }) {
  return userFormAction(
    changeInput,
    async (input, current) => {
      const page = userPage(input.id);
      if (options.confirm(input) && input.confirm !== "yes") redirect(`${page}?error=not_confirmed`);
      let notice: string;
      try {
        notice = await change(authorizeAdminChange(current), input, await getClientInfo());
      } catch (error) {
        if (error instanceof AppError) redirect(`${page}?error=${error.code}`);
        throw error;
      }
      redirect(notice === "deleted" ? "/admin/users?notice=deleted" : `${page}?notice=${notice}`);
    },
    admin,
  );
}

const always = () => true;
const never = () => false;
const disabling = (input: ChangeInput) => input.disabled === "true";

/** The password entered again: this browser continues on a fresh session, back on the user's page. */
export const confirmPasswordAction = userAction(
  reauthenticateInput.extend({ id: z.string() }),
  async ({ id, password }, current) => {
    await reauthenticate(current, password);
    redirect(`${userPage(id)}?notice=confirmed`);
  },
  admin,
);

export const changeRoleAction = adminChange(
  async (actor, { id, role }, client) => {
    await updateUser(actor, id, { role: role === "admin" ? "admin" : "user" }, client);
    return "role-changed";
  },
  { confirm: never },
);

export const setDisabledAction = adminChange(
  async (actor, input, client) => {
    const disabled = disabling(input);
    await updateUser(actor, input.id, { disabled }, client);
    return disabled ? "disabled" : "enabled";
  },
  { confirm: disabling },
);

export const revokeSessionsAction = adminChange(
  async (actor, { id }, client) => {
    await revokeUserSessionsAsAdmin(actor, id, client);
    return "sessions-ended";
  },
  { confirm: always },
);

export const deleteUserAction = adminChange(
  async (actor, { id }, client) => {
    await deleteUser(actor, id, client);
    return "deleted";
  },
  { confirm: always },
);

export const unlockAction = adminChange(
  async (actor, { id }, client) => {
    await unlockAccount(id, actor, client);
    return "unlocked";
  },
  { confirm: never },
);

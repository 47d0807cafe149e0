"use server";

import { redirect } from "next/navigation";
import { unlockAccount } from "@/lib/account-lock";
import { type AdminActor, deleteUser, revokeUserSessionsAsAdmin, updateUser } from "@/lib/admin";
import { authorizeAdminChange } from "@/lib/admin-access";
import { requireAdminAction } from "@/lib/admin-page";
import { reauthenticateInput } from "@/lib/auth";
import { getClientInfo } from "@/lib/current-session";
import { reauthenticate } from "@/lib/sign-in";
import { AppError } from "@/lib/errors";
import { type FormState, formText, runFormAction } from "@/lib/form";
import type { ClientInfo } from "@/lib/security-events";

// Each action re-checks the session and the role, then reports back through the
// URL, so everything works without JavaScript. Destructive ones need the
// confirmation box ticked. All of them go through run(), which lets a change
// through only with a fresh sign-in (authorizeAdminChange); without one the page
// comes back asking for the password.

type Action = (actor: AdminActor, id: string, client: ClientInfo) => Promise<string>;

const userPage = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

async function run(formData: FormData, action: Action, options: { confirm: boolean }): Promise<never> {
  const id = formText(formData, "id");
  const page = userPage(id);
  const current = await requireAdminAction(page);
  if (options.confirm && formData.get("confirm") !== "yes") redirect(`${page}?error=not_confirmed`);
  let notice: string;
  try {
    notice = await action(authorizeAdminChange(current), id, await getClientInfo());
  } catch (error) {
    if (error instanceof AppError) redirect(`${page}?error=${error.code}`);
    throw error;
  }
  redirect(notice === "deleted" ? "/admin/users?notice=deleted" : `${page}?notice=${notice}`);
}

/** The password entered again: this browser continues on a fresh session, back on the user's page. */
export async function confirmPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const page = userPage(formText(formData, "id"));
  const current = await requireAdminAction(page);
  const state = await runFormAction(reauthenticateInput, { password: formText(formData, "password") }, {}, async ({ password }) => {
    await reauthenticate(current, password);
  });
  if (state.error) return state;
  redirect(`${page}?notice=confirmed`);
}

export async function changeRoleAction(formData: FormData) {
  const role = formText(formData, "role") === "admin" ? "admin" : "user";
  await run(
    formData,
    async (actor, id, client) => {
      await updateUser(actor, id, { role }, client);
      return "role-changed";
    },
    { confirm: false },
  );
}

export async function setDisabledAction(formData: FormData) {
  const disabled = formText(formData, "disabled") === "true";
  await run(
    formData,
    async (actor, id, client) => {
      await updateUser(actor, id, { disabled }, client);
      return disabled ? "disabled" : "enabled";
    },
    { confirm: disabled },
  );
}

export async function revokeSessionsAction(formData: FormData) {
  await run(
    formData,
    async (actor, id, client) => {
      await revokeUserSessionsAsAdmin(actor, id, client);
      return "sessions-ended";
    },
    { confirm: true },
  );
}

export async function deleteUserAction(formData: FormData) {
  await run(
    formData,
    async (actor, id, client) => {
      await deleteUser(actor, id, client);
      return "deleted";
    },
    { confirm: true },
  );
}

export async function unlockAction(formData: FormData) {
  await run(
    formData,
    async (actor, id, client) => {
      await unlockAccount(id, actor, client);
      return "unlocked";
    },
    { confirm: false },
  );
}

"use server";

import { redirect } from "next/navigation";
import { unlockAccount } from "@/lib/account-lock";
import { deleteUser, revokeUserSessionsAsAdmin, updateUser } from "@/lib/admin";
import { requireAdminAction } from "@/lib/admin-page";
import { getClientInfo } from "@/lib/current-session";
import { AppError } from "@/lib/errors";
import { formText } from "@/lib/form";
import type { ClientInfo } from "@/lib/security-events";
import type { PublicUser } from "@/lib/user";

// Each action re-checks the session and the role, then reports back through the
// URL, so everything works without JavaScript. Destructive ones need the
// confirmation box ticked.

type Action = (actor: PublicUser, id: string, client: ClientInfo) => Promise<string>;

async function run(formData: FormData, action: Action, options: { confirm: boolean }): Promise<never> {
  const id = formText(formData, "id");
  const page = `/admin/users/${encodeURIComponent(id)}`;
  const { user: actor } = await requireAdminAction(page);
  if (options.confirm && formData.get("confirm") !== "yes") redirect(`${page}?error=not_confirmed`);
  let notice: string;
  try {
    notice = await action(actor, id, await getClientInfo());
  } catch (error) {
    if (error instanceof AppError) redirect(`${page}?error=${error.code}`);
    throw error;
  }
  redirect(notice === "deleted" ? "/admin/users?notice=deleted" : `${page}?notice=${notice}`);
}

export async function changeRoleAction(formData: FormData) {
  const role = formText(formData, "role") === "admin" ? "admin" : "user";
  await run(formData, async (actor, id, client) => {
    await updateUser(actor, id, { role }, client);
    return "role-changed";
  }, { confirm: false });
}

export async function setDisabledAction(formData: FormData) {
  const disabled = formText(formData, "disabled") === "true";
  await run(formData, async (actor, id, client) => {
    await updateUser(actor, id, { disabled }, client);
    return disabled ? "disabled" : "enabled";
  }, { confirm: disabled });
}

export async function revokeSessionsAction(formData: FormData) {
  await run(formData, async (actor, id, client) => {
    await revokeUserSessionsAsAdmin(actor, id, client);
    return "sessions-ended";
  }, { confirm: true });
}

export async function deleteUserAction(formData: FormData) {
  await run(formData, async (actor, id, client) => {
    await deleteUser(actor, id, client);
    return "deleted";
  }, { confirm: true });
}

export async function unlockAction(formData: FormData) {
  await run(formData, async (actor, id, client) => {
    await unlockAccount(id, actor.id, client);
    return "unlocked";
  }, { confirm: false });
}

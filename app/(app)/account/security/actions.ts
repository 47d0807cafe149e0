"use server";

import { redirect } from "next/navigation";
import { changePasswordInput } from "@/lib/auth";
import { changeOwnPassword } from "@/lib/account-changes";
import { authenticate, getClientInfo } from "@/lib/current-session";
import { emailChangeRequested, requestEmailChange, requestEmailChangeInput } from "@/lib/email-change";
import { type FormState, formText, runFormAction } from "@/lib/form";

export async function changePasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const current = await authenticate();
  if (!current) redirect("/login?next=/account/security");
  const input = { currentPassword: formText(formData, "currentPassword"), newPassword: formText(formData, "newPassword") };
  const state = await runFormAction(changePasswordInput, input, {}, async (data) => {
    await changeOwnPassword(current, data);
  });
  if (state.error) return state;
  redirect("/account/security?notice=password-changed");
}

export async function requestEmailChangeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const current = await authenticate();
  if (!current) redirect("/login?next=/account/security");
  const input = { newEmail: formText(formData, "newEmail"), password: formText(formData, "password") };
  return runFormAction(requestEmailChangeInput, input, { newEmail: input.newEmail }, async (data) => {
    await requestEmailChange(current.user, data, await getClientInfo());
    return { notice: emailChangeRequested(data.newEmail) };
  });
}

"use server";

import { redirect } from "next/navigation";
import { changePasswordInput } from "@/lib/auth";
import { authenticate, changeOwnPassword } from "@/lib/current-session";
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

"use server";

import { redirect } from "next/navigation";
import { getClientInfo } from "@/lib/request-session";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { confirmPasswordReset, confirmPasswordResetInput } from "@/lib/password-reset";

export async function resetPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = { token: formText(formData, "token"), newPassword: formText(formData, "newPassword") };
  const state = await runFormAction(confirmPasswordResetInput, input, {}, async (reset) => {
    await confirmPasswordReset(reset, await getClientInfo());
  });
  if (state.error) return state;
  redirect("/login?reset=done");
}

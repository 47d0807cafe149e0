"use server";

import { redirect } from "next/navigation";
import { getClientInfo, getCurrentSession } from "@/lib/current-session";
import { confirmEmailChange, confirmEmailChangeInput } from "@/lib/email-change";
import { type FormState, formText, runFormAction } from "@/lib/form";

export async function confirmEmailChangeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = { token: formText(formData, "token") };
  const state = await runFormAction(confirmEmailChangeInput, input, {}, async (confirmation) => {
    await confirmEmailChange(confirmation, await getClientInfo());
  });
  if (state.error) return state;
  redirect((await getCurrentSession()) ? "/account/security?notice=email-changed" : "/login?email-changed=1");
}

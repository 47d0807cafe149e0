"use server";

import { redirect } from "next/navigation";
import { getClientInfo, getCurrentSession } from "@/lib/request-session";
import { confirmEmailVerification, confirmEmailVerificationInput } from "@/lib/email-verification";
import { type FormState, formText, runFormAction } from "@/lib/form";

export async function confirmEmailAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = { token: formText(formData, "token") };
  const state = await runFormAction(confirmEmailVerificationInput, input, {}, async (confirmation) => {
    await confirmEmailVerification(confirmation, await getClientInfo());
  });
  if (state.error) return state;
  redirect((await getCurrentSession()) ? "/dashboard?verified=1" : "/login?verified=1");
}

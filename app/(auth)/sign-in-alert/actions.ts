"use server";

import { redirect } from "next/navigation";
import { getClientInfo } from "@/lib/request-session";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { answerSignInAlert, answerSignInAlertInput } from "@/lib/sign-in-alert";

export async function answerSignInAlertAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = { token: formText(formData, "token"), answer: formText(formData, "answer") };
  let resetToken: string | null = null;
  const state = await runFormAction(answerSignInAlertInput, input, {}, async (answer) => {
    ({ resetToken } = await answerSignInAlert(answer, await getClientInfo()));
  });
  if (state.error) return state;
  redirect(resetToken ? `/reset-password?token=${resetToken}&reason=not-me` : "/sign-in-alert?notice=confirmed");
}

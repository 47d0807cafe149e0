"use server";

import { redirect } from "next/navigation";
import { completeSignUp } from "@/lib/sign-in";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { confirmRegistrationInput } from "@/lib/pending-registration";

export async function confirmRegistrationAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = { token: formText(formData, "token") };
  const state = await runFormAction(confirmRegistrationInput, input, {}, async (confirmation) => {
    await completeSignUp(confirmation);
  });
  if (state.error) return state;
  redirect("/dashboard");
}

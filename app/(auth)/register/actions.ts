"use server";

import { redirect } from "next/navigation";
import { registerInput } from "@/lib/auth";
import { signUp } from "@/lib/sign-in";
import { type FormState, formText, runFormAction } from "@/lib/form";

export async function registerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = {
    email: formText(formData, "email"),
    password: formText(formData, "password"),
    name: formText(formData, "name") || undefined,
  };
  const state = await runFormAction(registerInput, input, { email: input.email, name: input.name ?? "" }, async (data) => {
    const result = await signUp(data);
    // verify-first: the same message for every address; the mailed link goes on.
    if ("message" in result) return { notice: result.message };
  });
  if (state.error || state.notice) return state;
  redirect("/dashboard");
}

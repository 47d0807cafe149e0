"use server";

import { redirect } from "next/navigation";
import { loginInput } from "@/lib/auth";
import { signIn } from "@/lib/sign-in";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { resolveRedirectTarget } from "@/lib/redirect-target";

export async function logInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = {
    email: formText(formData, "email"),
    password: formText(formData, "password"),
    remember: formData.get("remember") === "on",
  };
  let secondFactorRequired = false;
  const state = await runFormAction(loginInput, input, { email: input.email }, async (credentials) => {
    secondFactorRequired = "secondFactorRequired" in (await signIn(credentials));
  });
  if (state.error) return state;
  const next = resolveRedirectTarget(formData.get("next"));
  redirect(secondFactorRequired ? `/login/second-factor?next=${encodeURIComponent(next)}` : next);
}

"use server";

import { redirect } from "next/navigation";
import { registerAccount, registerInput } from "@/lib/auth";
import { getClientInfo, startSession } from "@/lib/current-session";
import { type FormState, formText, runFormAction } from "@/lib/form";

export async function registerAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = {
    email: formText(formData, "email"),
    password: formText(formData, "password"),
    name: formText(formData, "name") || undefined,
  };
  const state = await runFormAction(registerInput, input, { email: input.email, name: input.name ?? "" }, async (data) => {
    const user = await registerAccount(data, await getClientInfo());
    await startSession(user.id, false);
  });
  if (state.error) return state;
  redirect("/dashboard");
}

"use server";

import { redirect } from "next/navigation";
import { loginInput, verifyCredentials } from "@/lib/auth";
import { getClientInfo, startSession } from "@/lib/current-session";
import { type FormState, formText, runFormAction, safeNextPath } from "@/lib/form";
import { recordSecurityEvent } from "@/lib/security-events";

export async function logInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = {
    email: formText(formData, "email"),
    password: formText(formData, "password"),
    remember: formData.get("remember") === "on",
  };
  const state = await runFormAction(loginInput, input, { email: input.email }, async (credentials) => {
    const client = await getClientInfo();
    const user = await verifyCredentials(credentials, client);
    await startSession(user.id, credentials.remember ?? false);
    await recordSecurityEvent("login_succeeded", user.id, client);
  });
  if (state.error) return state;
  redirect(safeNextPath(formData.get("next")));
}

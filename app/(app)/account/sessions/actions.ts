"use server";

import { redirect } from "next/navigation";
import { endOtherUserSessions, endUserSession } from "@/lib/account-sessions";
import { authenticate, getClientInfo } from "@/lib/current-session";
import { AppError } from "@/lib/errors";
import { formText } from "@/lib/form";

async function currentOrLogin() {
  const current = await authenticate();
  if (!current) redirect("/login?next=/account/sessions");
  return current;
}

export async function endSessionAction(formData: FormData): Promise<void> {
  const current = await currentOrLogin();
  try {
    await endUserSession(current, formText(formData, "id"), await getClientInfo());
  } catch (error) {
    // Already ended elsewhere: the list below shows the truth either way.
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
  }
  redirect("/account/sessions?notice=ended");
}

export async function endOtherSessionsAction(): Promise<void> {
  const current = await currentOrLogin();
  const revoked = await endOtherUserSessions(current, await getClientInfo());
  redirect(`/account/sessions?notice=others-ended&count=${revoked}`);
}

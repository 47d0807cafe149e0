"use server";

import { redirect } from "next/navigation";
import { followEmailChangeLink } from "@/lib/account-changes";
import { confirmEmailChangeInput } from "@/lib/email-change";
import { type FormState, formText, runFormAction } from "@/lib/form";

export async function confirmEmailChangeAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = { token: formText(formData, "token") };
  let signedIn = false;
  const state = await runFormAction(confirmEmailChangeInput, input, {}, async (confirmation) => {
    ({ signedIn } = await followEmailChangeLink(confirmation));
  });
  if (state.error) return state;
  // Every session of the account ended; this browser continues only if it was signed in to it.
  redirect(signedIn ? "/account/security?notice=email-changed" : "/login?email-changed=1");
}

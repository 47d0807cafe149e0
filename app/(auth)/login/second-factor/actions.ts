"use server";

import { redirect } from "next/navigation";
import { completeSignIn } from "@/lib/sign-in";
import { AppError } from "@/lib/errors";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { resolveRedirectTarget } from "@/lib/redirect-target";
import { secondFactorInput } from "@/lib/two-factor";

export async function completeSignInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let expired = false;
  const state = await runFormAction(secondFactorInput, { code: formText(formData, "code") }, {}, async (input) => {
    try {
      await completeSignIn(input);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "sign_in_expired")) throw error;
      expired = true;
    }
  });
  const next = resolveRedirectTarget(formData.get("next"));
  // Expired, completed elsewhere, or too many wrong codes: back to the password.
  if (expired) redirect(`/login?expired=1&next=${encodeURIComponent(next)}`);
  if (state.error) return state;
  redirect(next);
}

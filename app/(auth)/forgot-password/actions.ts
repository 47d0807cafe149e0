"use server";

import { getClientInfo } from "@/lib/request-session";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { passwordResetRequested, requestPasswordReset, requestPasswordResetInput } from "@/lib/password-reset";

export async function requestPasswordResetAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = { email: formText(formData, "email") };
  return runFormAction(requestPasswordResetInput, input, input, async (request) => {
    await requestPasswordReset(request, await getClientInfo());
    return { notice: passwordResetRequested };
  });
}

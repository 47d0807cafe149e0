"use server";

import { getClientInfo, requireAuthentication } from "@/lib/current-session";
import { mailEmailVerification, verificationMailSent } from "@/lib/email-verification";
import { type FormState, runFormAction } from "@/lib/form";
import { z } from "zod";

export async function resendVerificationAction(): Promise<FormState> {
  return runFormAction(z.object({}), {}, {}, async () => {
    const { user } = await requireAuthentication();
    await mailEmailVerification(user, await getClientInfo());
    return { notice: verificationMailSent };
  });
}

"use server";

import { z } from "zod";
import { getClientInfo } from "@/lib/request-session";
import { mailEmailVerification, verificationMailSent } from "@/lib/email-verification";
import { userAction } from "@/lib/require-user";

export const resendVerificationAction = userAction(z.object({}), async (_input, { user }) => {
  await mailEmailVerification(user, await getClientInfo());
  return { notice: verificationMailSent };
});

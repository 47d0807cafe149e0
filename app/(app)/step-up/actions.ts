"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { resolveRedirectTarget } from "@/lib/redirect-target";
import { userAction } from "@/lib/require-user";
import { stepUpWithCode } from "@/lib/step-up";
import { secondFactorInput } from "@/lib/two-factor";

// `next` is checked like every return path: only this site's own pages.
const stepUpForm = secondFactorInput.extend({ next: z.string().max(2048) });

export const stepUpWithCodeAction = userAction(stepUpForm, async ({ code, next }, current) => {
  await stepUpWithCode(current, { code });
  redirect(resolveRedirectTarget(next));
});

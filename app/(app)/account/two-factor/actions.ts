"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { reauthenticateInput } from "@/lib/auth";
import { turnOffTwoFactor, turnOnTwoFactor } from "@/lib/account-changes";
import { getClientInfo } from "@/lib/request-session";
import type { FormState } from "@/lib/form";
import { type SignedInUser, userAction } from "@/lib/require-user";
import { reauthenticate, requireFreshSignIn } from "@/lib/sign-in";
import { disableTwoFactorInput, regenerateRecoveryCodes, secondFactorInput } from "@/lib/two-factor";
import { startTwoFactorSetup } from "@/lib/two-factor-setup";

export type RecoveryCodesState = FormState & { recoveryCodes?: string[] };

const page = "/account/two-factor";

export const confirmPasswordAction = userAction(reauthenticateInput, async ({ password }, current) => {
  await reauthenticate(current, password);
  redirect(page);
});

export const startSetupAction = userAction(z.object({}), async (_input, current) => {
  requireFreshSignIn(current);
  await startTwoFactorSetup(current.user, await getClientInfo());
  redirect(page);
});

/** A code in, recovery codes out (turning 2FA on, or a new set): a recent sign-in needed. */
function recoveryCodesAction(produce: (current: SignedInUser, input: z.infer<typeof secondFactorInput>) => Promise<string[]>) {
  return userAction<typeof secondFactorInput, RecoveryCodesState>(secondFactorInput, async (input, current) => {
    requireFreshSignIn(current);
    const recoveryCodes = await produce(current, input);
    // The page around the codes shows the new state; the codes stay until "I have saved them".
    revalidatePath(page);
    return { recoveryCodes };
  });
}

// This browser continues on a new session; every other one ends.
export const enableAction = recoveryCodesAction(turnOnTwoFactor);

export const regenerateRecoveryCodesAction = recoveryCodesAction(async (current, input) =>
  regenerateRecoveryCodes(current.user, input, await getClientInfo()),
);

export const disableAction = userAction(disableTwoFactorInput, async (input, current) => {
  await turnOffTwoFactor(current, input);
  redirect(`${page}?notice=disabled`);
});

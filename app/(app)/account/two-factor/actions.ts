"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { reauthenticateInput } from "@/lib/auth";
import { turnOffTwoFactor, turnOnTwoFactor } from "@/lib/account-changes";
import { authenticate, getClientInfo } from "@/lib/current-session";
import { reauthenticate, requireFreshSignIn } from "@/lib/sign-in";
import type { ValidatedSession } from "@/lib/session";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { disableTwoFactorInput, regenerateRecoveryCodes, secondFactorInput, startTwoFactorSetup } from "@/lib/two-factor";

export type RecoveryCodesState = FormState & { recoveryCodes?: string[] };

const page = "/account/two-factor";

async function currentOrLogin() {
  const current = await authenticate();
  if (!current) redirect(`/login?next=${page}`);
  return current;
}

export async function confirmPasswordAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const current = await currentOrLogin();
  const state = await runFormAction(reauthenticateInput, { password: formText(formData, "password") }, {}, async ({ password }) => {
    await reauthenticate(current, password);
  });
  if (state.error) return state;
  redirect(page);
}

export async function startSetupAction(_previous: FormState): Promise<FormState> {
  const current = await currentOrLogin();
  const state = await runFormAction(z.object({}), {}, {}, async () => {
    requireFreshSignIn(current);
    await startTwoFactorSetup(current.user, await getClientInfo());
  });
  if (state.error) return state;
  redirect(page);
}

/** A code in, recovery codes out (turning 2FA on, or a new set): a recent sign-in needed. */
async function runRecoveryCodesAction(
  formData: FormData,
  produce: (current: ValidatedSession, input: z.infer<typeof secondFactorInput>) => Promise<string[]>,
): Promise<RecoveryCodesState> {
  const current = await currentOrLogin();
  let recoveryCodes: string[] | undefined;
  const state = await runFormAction(secondFactorInput, { code: formText(formData, "code") }, {}, async (input) => {
    requireFreshSignIn(current);
    recoveryCodes = await produce(current, input);
  });
  // The page around the codes shows the new state; the codes stay until "I have saved them".
  if (recoveryCodes) revalidatePath(page);
  return { ...state, recoveryCodes };
}

export async function enableAction(_previous: RecoveryCodesState, formData: FormData): Promise<RecoveryCodesState> {
  // This browser continues on a new session; every other one ends.
  return runRecoveryCodesAction(formData, turnOnTwoFactor);
}

export async function regenerateRecoveryCodesAction(_previous: RecoveryCodesState, formData: FormData): Promise<RecoveryCodesState> {
  return runRecoveryCodesAction(formData, async (current, input) => regenerateRecoveryCodes(current.user, input, await getClientInfo()));
}

export async function disableAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const current = await currentOrLogin();
  const input = { password: formText(formData, "password"), code: formText(formData, "code") };
  const state = await runFormAction(disableTwoFactorInput, input, {}, async (data) => {
    await turnOffTwoFactor(current, data);
  });
  if (state.error) return state;
  redirect(`${page}?notice=disabled`);
}

"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { reauthenticateInput } from "@/lib/auth";
import { authenticate, getClientInfo, reauthenticate, requireFreshSignIn } from "@/lib/current-session";
import { type FormState, formText, runFormAction } from "@/lib/form";
import {
  disableTwoFactor,
  disableTwoFactorInput,
  enableTwoFactor,
  regenerateRecoveryCodes,
  secondFactorInput,
  startTwoFactorSetup,
} from "@/lib/two-factor";

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
async function runRecoveryCodesAction(formData: FormData, produce: typeof enableTwoFactor): Promise<RecoveryCodesState> {
  const current = await currentOrLogin();
  let recoveryCodes: string[] | undefined;
  const state = await runFormAction(secondFactorInput, { code: formText(formData, "code") }, {}, async (input) => {
    requireFreshSignIn(current);
    recoveryCodes = await produce(current.user, input, await getClientInfo());
  });
  // The page around the codes shows the new state; the codes stay until "I have saved them".
  if (recoveryCodes) revalidatePath(page);
  return { ...state, recoveryCodes };
}

export async function enableAction(_previous: RecoveryCodesState, formData: FormData): Promise<RecoveryCodesState> {
  return runRecoveryCodesAction(formData, enableTwoFactor);
}

export async function regenerateRecoveryCodesAction(_previous: RecoveryCodesState, formData: FormData): Promise<RecoveryCodesState> {
  return runRecoveryCodesAction(formData, regenerateRecoveryCodes);
}

export async function disableAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const current = await currentOrLogin();
  const input = { password: formText(formData, "password"), code: formText(formData, "code") };
  const state = await runFormAction(disableTwoFactorInput, input, {}, async (data) => {
    await disableTwoFactor(current.user, data, await getClientInfo());
  });
  if (state.error) return state;
  redirect(`${page}?notice=disabled`);
}

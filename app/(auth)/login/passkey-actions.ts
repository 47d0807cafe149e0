"use server";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { credentialText, authenticationResponseSchema } from "@/lib/passkey-schemas";
import { finishPasskeySecondFactor, finishPasskeySignIn, startPasskeySecondFactor, startPasskeySignIn } from "@/lib/passkey-sign-in";
import { resolveRedirectTarget } from "@/lib/redirect-target";
import { AppError } from "@/lib/errors";

// The sign-in pages' passkey buttons: options first, then the answer from the browser's prompt.

export type PasskeyOptionsState = FormState & { options?: PublicKeyCredentialRequestOptionsJSON };

const noInput = z.object({});
const answerInput = z.object({ credential: credentialText(authenticationResponseSchema) });

export async function passkeySignInOptionsAction(_previous: FormState): Promise<PasskeyOptionsState> {
  let options: PublicKeyCredentialRequestOptionsJSON | undefined;
  const state = await runFormAction(noInput, {}, {}, async () => {
    options = await startPasskeySignIn();
  });
  return { ...state, options };
}

export async function passkeySignInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const input = { credential: formText(formData, "credential") };
  const state = await runFormAction(answerInput, input, {}, async ({ credential }) => {
    await finishPasskeySignIn({ credential, remember: formData.get("remember") === "on" });
  });
  if (state.error) return state;
  redirect(resolveRedirectTarget(formData.get("next")));
}

export async function passkeySecondFactorOptionsAction(_previous: FormState): Promise<PasskeyOptionsState> {
  let options: PublicKeyCredentialRequestOptionsJSON | undefined;
  const state = await runFormAction(noInput, {}, {}, async () => {
    options = await startPasskeySecondFactor();
  });
  return { ...state, options };
}

export async function passkeySecondFactorAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const next = resolveRedirectTarget(formData.get("next"));
  let expired = false;
  const state = await runFormAction(answerInput, { credential: formText(formData, "credential") }, {}, async ({ credential }) => {
    try {
      await finishPasskeySecondFactor({ credential });
    } catch (error) {
      if (!(error instanceof AppError && error.code === "sign_in_expired")) throw error;
      expired = true;
    }
  });
  if (expired) redirect(`/login?expired=1&next=${encodeURIComponent(next)}`);
  if (state.error) return state;
  redirect(next);
}

"use server";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/lib/form";
import { startPasskeyStepUp, stepUpWithPasskey } from "@/lib/passkey-step-up";
import { authenticationResponseSchema, credentialText } from "@/lib/passkey-schemas";
import { resolveRedirectTarget } from "@/lib/redirect-target";
import { userAction } from "@/lib/require-user";

export const passkeyStepUpOptionsAction = userAction<z.ZodObject, FormState & { options?: PublicKeyCredentialRequestOptionsJSON }>(
  z.object({}),
  async (_input, current) => ({ options: await startPasskeyStepUp(current) }),
);

export const passkeyStepUpAction = userAction(
  z.object({ credential: credentialText(authenticationResponseSchema), next: z.string().max(2048) }),
  async ({ credential, next }, current) => {
    await stepUpWithPasskey(current, { credential });
    redirect(resolveRedirectTarget(next));
  },
);

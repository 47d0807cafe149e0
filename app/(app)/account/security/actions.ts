"use server";

import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { changePasswordInput, reauthenticateInput } from "@/lib/auth";
import { changeOwnPassword } from "@/lib/account-changes";
import { getClientInfo } from "@/lib/request-session";
import { emailChangeRequested, requestEmailChange, requestEmailChangeInput } from "@/lib/email-change";
import type { FormState } from "@/lib/form";
import { finishAddingPasskey, removeOwnPasskey, renameOwnPasskey, startAddingPasskey } from "@/lib/passkey-changes";
import { renamePasskeyInput } from "@/lib/passkey-list";
import { credentialText, registrationResponseSchema } from "@/lib/passkey-schemas";
import { userAction } from "@/lib/require-user";
import { reauthenticate } from "@/lib/sign-in";

const page = "/account/security";

export const changePasswordAction = userAction(changePasswordInput, async (input, current) => {
  await changeOwnPassword(current, input);
  redirect("/account/security?notice=password-changed");
});

export const requestEmailChangeAction = userAction(
  requestEmailChangeInput,
  async (input, { user }) => {
    await requestEmailChange(user, input, await getClientInfo());
    return { notice: emailChangeRequested(input.newEmail) };
  },
  { keep: ["newEmail"] },
);

// Passkeys: the browser's own prompt runs between the options and the answer (passkeys-panel.tsx).

export type PasskeyOptionsState = FormState & { options?: PublicKeyCredentialCreationOptionsJSON };

export const passkeyOptionsAction = userAction<z.ZodObject, PasskeyOptionsState>(z.object({}), async (_input, current) => ({
  options: await startAddingPasskey(current),
}));

export const addPasskeyAction = userAction(
  z.object({ credential: credentialText(registrationResponseSchema) }),
  async ({ credential }, current) => {
    const passkey = await finishAddingPasskey(current, credential);
    revalidatePath(page);
    return { notice: `Passkey added as "${passkey.name}". You can rename it below.` };
  },
);

export const renamePasskeyAction = userAction(renamePasskeyInput.extend({ id: z.string() }), async ({ id, name }, current) => {
  await renameOwnPasskey(current, id, { name });
  revalidatePath(page);
  return { notice: "Renamed." };
});

export const removePasskeyAction = userAction(z.object({ id: z.string() }), async ({ id }, current) => {
  await removeOwnPasskey(current, id);
  redirect(`${page}?notice=passkey-removed`);
});

export const confirmPasswordForPasskeysAction = userAction(reauthenticateInput, async ({ password }, current) => {
  await reauthenticate(current, password);
  redirect(`${page}#passkeys`);
});

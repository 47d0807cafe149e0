"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { revokeOtherSessions, revokeOwnSession } from "@/lib/account-sessions";
import { reauthenticateInput } from "@/lib/auth";
import { getClientInfo } from "@/lib/request-session";
import { AppError } from "@/lib/errors";
import { forgetKnownDevice } from "@/lib/known-devices";
import { type SignedInUser, userAction, userFormAction } from "@/lib/require-user";
import { reauthenticate } from "@/lib/sign-in";

const isCode = (error: unknown, code: string) => error instanceof AppError && error.code === code;

/** A session's public id, or "others" for every session but this one. */
const target = z.string().min(1).max(64);

/** Ends what `target` names; the page to show after. */
async function revokeSessions(current: SignedInUser, target: string): Promise<string> {
  if (target === "others") {
    const revoked = await revokeOtherSessions(current, await getClientInfo());
    return `/account/sessions?notice=others-ended&count=${revoked}`;
  }
  try {
    await revokeOwnSession(current, target, await getClientInfo());
  } catch (error) {
    // Already ended elsewhere: the list below shows the truth either way.
    if (!isCode(error, "not_found")) throw error;
  }
  return "/account/sessions?notice=ended";
}

/** Past FRESH_SIGN_IN_MAX_AGE, the page asks for the password first (confirmAndRevokeAction). */
async function revokeOrAskForPassword(current: SignedInUser, target: string): Promise<never> {
  let done: string;
  try {
    done = await revokeSessions(current, target);
  } catch (error) {
    if (!isCode(error, "reauthentication_required")) throw error;
    redirect(`/account/sessions?confirm=${encodeURIComponent(target)}`);
  }
  redirect(done);
}

export const revokeSessionAction = userFormAction(z.object({ id: target }), async ({ id }, current) => revokeOrAskForPassword(current, id));

export const revokeOtherSessionsAction = userFormAction(z.object({}), async (_input, current) => revokeOrAskForPassword(current, "others"));

/** The password again, then the ending that asked for it. */
export const confirmAndRevokeAction = userAction(reauthenticateInput.extend({ target }), async ({ password, target }, current) => {
  const session = await reauthenticate(current, password);
  redirect(await revokeSessions({ ...current, session }, target));
});

export const forgetDeviceAction = userFormAction(z.object({ id: z.string().min(1).max(64) }), async ({ id }, current) => {
  await forgetKnownDevice(current.user.id, { id });
  redirect("/account/sessions?notice=device-forgotten");
});

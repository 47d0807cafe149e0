"use server";

import { redirect } from "next/navigation";
import { reauthenticateInput } from "@/lib/auth";
import { endOtherUserSessions, endUserSession } from "@/lib/account-sessions";
import { authenticate, getClientInfo } from "@/lib/current-session";
import { AppError } from "@/lib/errors";
import { type FormState, formText, runFormAction } from "@/lib/form";
import { forgetKnownDevice } from "@/lib/known-devices";
import type { ValidatedSession } from "@/lib/session";
import { reauthenticate } from "@/lib/sign-in";

async function currentOrLogin() {
  const current = await authenticate();
  if (!current) redirect("/login?next=/account/sessions");
  return current;
}

const isCode = (error: unknown, code: string) => error instanceof AppError && error.code === code;

/** `target`: a session's public id, or "others" for every session but this one. */
async function endSessions(current: ValidatedSession, target: string): Promise<string> {
  if (target === "others") {
    const revoked = await endOtherUserSessions(current, await getClientInfo());
    return `/account/sessions?notice=others-ended&count=${revoked}`;
  }
  try {
    await endUserSession(current, target, await getClientInfo());
  } catch (error) {
    // Already ended elsewhere: the list below shows the truth either way.
    if (!isCode(error, "not_found")) throw error;
  }
  return "/account/sessions?notice=ended";
}

/** Past FRESH_SIGN_IN_MAX_AGE, the page asks for the password first (confirmAndEndAction). */
async function endOrAskForPassword(target: string): Promise<never> {
  const current = await currentOrLogin();
  let done: string;
  try {
    done = await endSessions(current, target);
  } catch (error) {
    if (!isCode(error, "reauthentication_required")) throw error;
    redirect(`/account/sessions?confirm=${encodeURIComponent(target)}`);
  }
  redirect(done);
}

export async function endSessionAction(formData: FormData): Promise<void> {
  await endOrAskForPassword(formText(formData, "id"));
}

export async function endOtherSessionsAction(): Promise<void> {
  await endOrAskForPassword("others");
}

/** The password again, then the ending that asked for it. */
export async function confirmAndEndAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const current = await currentOrLogin();
  let done = "/account/sessions";
  const state = await runFormAction(reauthenticateInput, { password: formText(formData, "password") }, {}, async ({ password }) => {
    const session = await reauthenticate(current, password);
    done = await endSessions({ ...current, session }, formText(formData, "target"));
  });
  if (state.error) return state;
  redirect(done);
}

export async function forgetDeviceAction(formData: FormData): Promise<void> {
  const current = await currentOrLogin();
  await forgetKnownDevice(current.user.id, { id: formText(formData, "id") });
  redirect("/account/sessions?notice=device-forgotten");
}

"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { endOtherUserSessions, endUserSession } from "@/lib/account-sessions";
import { getClientInfo } from "@/lib/current-session";
import { AppError } from "@/lib/errors";
import { userFormAction } from "@/lib/require-user";

export const endSessionAction = userFormAction(z.object({ id: z.string() }), async ({ id }, current) => {
  try {
    await endUserSession(current, id, await getClientInfo());
  } catch (error) {
    // Already ended elsewhere: the list below shows the truth either way.
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
  }
  redirect("/account/sessions?notice=ended");
});

export const endOtherSessionsAction = userFormAction(z.object({}), async (_input, current) => {
  const revoked = await endOtherUserSessions(current, await getClientInfo());
  redirect(`/account/sessions?notice=others-ended&count=${revoked}`);
});

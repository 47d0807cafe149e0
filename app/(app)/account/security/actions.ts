"use server";

import { redirect } from "next/navigation";
import { changePasswordInput } from "@/lib/auth";
import { changeOwnPassword } from "@/lib/account-changes";
import { getClientInfo } from "@/lib/request-session";
import { emailChangeRequested, requestEmailChange, requestEmailChangeInput } from "@/lib/email-change";
import { userAction } from "@/lib/require-user";

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

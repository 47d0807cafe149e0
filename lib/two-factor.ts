import { z } from "zod";
import { confirmPassword, passwordSchema } from "./auth";
import { recordCredentialChange } from "./credential-version";
import { invalidCode, twoFactorNotEnabled, unauthenticated } from "./errors";
import { lockAccount, recordSecondFactorFailure, recordSecondFactorSuccess, takeSecondFactorAttempt } from "./account-lock";
import { countUnusedRecoveryCodes, deleteRecoveryCodes, redeemRecoveryCode, replaceRecoveryCodes } from "./recovery-codes";
import { reportAccountChange } from "./account-notice";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { reloadUserSessions } from "./session";
import { decryptTotpSecret, matchTotpCode, totpCodePattern } from "./totp";
import { findUserById, type PublicUser } from "./user";
import { advanceTotpStep, readTotpState } from "./user-credentials";

// Two-factor authentication with an authenticator app (TOTP) and recovery codes, once it
// is on: its status, the second factor checked (at sign-in, step-up and before changes),
// new recovery codes, and turning it off with the password and a code, or by an operator.
// Setting it up and turning it on by a first code is lib/two-factor-setup.ts.

const code = z
  .string()
  .trim()
  .min(1, "Enter the code.")
  .max(64, "Use at most 64 characters.")
  .transform((value) => value.replace(/\s/g, ""));

export const secondFactorInput = z.object({ code });
export const disableTwoFactorInput = z.object({ password: passwordSchema, code });

export type SecondFactorMethod = "totp" | "recovery_code";
export type TwoFactorStatus = { enabled: boolean; enabledAt: Date | null; setupPending: boolean; recoveryCodesLeft: number };

export async function isTwoFactorEnabled(userId: string): Promise<boolean> {
  return (await readTotpState(userId)).enabledAt !== null;
}

export async function getTwoFactorStatus(userId: string): Promise<TwoFactorStatus> {
  const { secret, enabledAt } = await readTotpState(userId);
  return {
    enabled: enabledAt !== null,
    enabledAt,
    setupPending: enabledAt === null && secret !== null,
    recoveryCodesLeft: enabledAt ? await countUnusedRecoveryCodes(userId) : 0,
  };
}

/**
 * Checks the second factor of an account with 2FA on: a code from the app, of a
 * time step later than the last one accepted, or an unused recovery code. Wrong
 * codes count against the account (RATE_LIMIT_SECOND_FACTOR_FAILURES per 15 minutes,
 * RATE_LIMIT_SECOND_FACTOR_MAX_FAILURES in a row), unless they come from a known
 * device (lib/device-cookie.ts), which answers to its own limit.
 */
export async function verifySecondFactor(
  userId: string,
  input: z.infer<typeof secondFactorInput>,
  client: ClientInfo,
  options: { knownDevice?: boolean } = {},
): Promise<SecondFactorMethod> {
  await takeSecondFactorAttempt(userId, options);
  const method = await checkSecondFactor(userId, input.code);
  if (!method) {
    const { locked } = await recordSecondFactorFailure(userId);
    await recordSecurityEvent("second_factor_failed", userId, client);
    const user = locked ? await findUserById(userId) : null;
    if (user) await lockAccount(user, "code", client);
    throw invalidCode();
  }
  await recordSecondFactorSuccess(userId, options);
  return method;
}

async function checkSecondFactor(userId: string, code: string): Promise<SecondFactorMethod | null> {
  const { secret, enabledAt } = await readTotpState(userId);
  if (!enabledAt || !secret) return null;
  if (!totpCodePattern.test(code)) return (await redeemRecoveryCode(userId, code)) ? "recovery_code" : null;
  const step = matchTotpCode(decryptTotpSecret(secret), code);
  if (step === null) return null;
  // Moving the last used step is the check: of two requests with one code, one succeeds.
  if (!(await advanceTotpStep(userId, step))) return null;
  // The account's updatedAt moved: its sessions read it afresh.
  await reloadUserSessions(userId);
  return "totp";
}

/**
 * Turns 2FA off: the password and a code (from the app, or a recovery code) both
 * required. A credential change: every session ends; returns the new credential version.
 */
export async function disableTwoFactor(
  user: PublicUser,
  input: z.infer<typeof disableTwoFactorInput>,
  client: ClientInfo,
): Promise<number> {
  if (!(await isTwoFactorEnabled(user.id))) throw twoFactorNotEnabled();
  const checkedVersion = await confirmPassword(user, input.password, client);
  await verifySecondFactor(user.id, input, client);
  // Another change since the password was checked (a reset, say) wins: this session is over.
  const credentialVersion = await removeTwoFactor(user.id, checkedVersion);
  if (credentialVersion === null) throw unauthenticated();
  await reportAccountChange("two_factor_disabled", user, client, {
    subject: "two-factor authentication is off",
    text: "Signing in to your account no longer asks for a code: the password alone is enough.",
  });
  return credentialVersion;
}

/**
 * For an owner who lost both the app and the recovery codes, once an operator has
 * made sure who they are: 2FA off, and every session ended, since the lost phone
 * may hold one.
 */
export async function resetTwoFactorAsOperator(user: PublicUser, actorId: string, client: ClientInfo): Promise<void> {
  const userId = user.id;
  if (!(await isTwoFactorEnabled(userId))) throw twoFactorNotEnabled();
  // A credential change: every session ends with it.
  await removeTwoFactor(userId);
  await reportAccountChange(
    "two_factor_disabled",
    user,
    client,
    {
      subject: "two-factor authentication was reset",
      text: "An operator turned two-factor authentication off, as asked, and ended every session.",
    },
    { actorId, detail: "reset by an operator; every session ended" },
  );
}

/** 2FA off, as a credential change (under `expectedVersion` when given); null when that version had moved. */
async function removeTwoFactor(userId: string, expectedVersion?: number): Promise<number | null> {
  const change = { totpSecret: null, totpEnabledAt: null, totpLastUsedStep: null };
  const credentialVersion = await recordCredentialChange(userId, change, { expectedVersion });
  if (credentialVersion !== null) await deleteRecoveryCodes(userId);
  return credentialVersion;
}

/** A new set of recovery codes for a code of the current set or from the app; the old set stops working. */
export async function regenerateRecoveryCodes(
  user: PublicUser,
  input: z.infer<typeof secondFactorInput>,
  client: ClientInfo,
): Promise<string[]> {
  const userId = user.id;
  if (!(await isTwoFactorEnabled(userId))) throw twoFactorNotEnabled();
  await verifySecondFactor(userId, input, client);
  const recoveryCodes = await replaceRecoveryCodes(userId);
  await reportAccountChange("recovery_codes_regenerated", user, client, {
    subject: "new recovery codes",
    text: "New two-factor recovery codes were made for your account; the old ones no longer work.",
  });
  return recoveryCodes;
}

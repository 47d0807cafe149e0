import { z } from "zod";
import { lockAccount } from "./account-lock";
import { runAfterResponse } from "./after-response";
import { getConfig } from "./config";
import { reportAccountChange } from "./account-notice";
import { AppError, invalidCredentials, invalidInput, unauthenticated } from "./errors";
import { clearDeviceFailures, recognizeDevice, recordDeviceFailure } from "./device-cookie";
import { runInHashingTurn } from "./hashing-queue";
import { hashPassword, verifyDummyPassword, verifyPassword } from "./password";
import { checkPasswordPolicy, passwordMaxBytes } from "./password-policy";
import { upgradePasswordHash } from "./password-rehash";
import { assertLoginAllowed, assertRegistrationAllowed, recordLoginFailure, recordLoginSuccess } from "./rate-limit";
import { getLimiters, RateLimitedError, takeOnce } from "./rate-limiters";
import { recordCredentialChange } from "./credential-version";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { createUser, findUserWithPasswordByEmail, findUserWithPasswordById, normalizeEmail, type PublicUser, toPublicUser } from "./user";

const email = z.string().trim().max(254, "Use at most 254 characters.").pipe(z.email("Enter a valid email address."));
// Only an upper bound here: the policy (and its reasons) applies to new passwords.
const password = z
  .string()
  .min(1, "Enter your password.")
  .refine((value) => Buffer.byteLength(value, "utf8") <= passwordMaxBytes, `Use at most ${passwordMaxBytes} bytes.`);

export const registerInput = z.object({
  email,
  password,
  name: z.string().trim().max(100, "Use at most 100 characters.").optional(),
});

export const loginInput = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(254, "Use at most 254 characters."),
  password,
  remember: z.boolean().optional(),
});

export type RegisterInput = z.infer<typeof registerInput>;
export type LoginInput = z.infer<typeof loginInput>;

/**
 * `knownDevice`: the browser holds a device cookie for this account (isKnownDevice); it is
 * exempt from the account's lock and the shared budget, and its check goes first.
 */
export type CredentialCheckOptions = { knownDevice?: boolean };

/** A registration that passed the checks: what creating the account needs, the password hashed. */
export type NewAccount = { email: string; name: string; passwordHash: string };

/** REGISTRATION_MODE=immediate: the account exists (and answers 409 email_taken if it already did). */
export async function registerAccount(input: RegisterInput, client: ClientInfo): Promise<PublicUser> {
  return runInHashingTurn(client, async () => {
    const user = await createUser(await prepareRegistrationNow(input, client));
    await recordSecurityEvent("registered", user.id, client);
    return user;
  });
}

/**
 * Both modes' first step, which depends on nothing but the input: throttled per
 * client address, the password under the policy, then hashed (in verify-first mode,
 * also for a taken address, so the work is the same).
 */
export async function prepareRegistration(input: RegisterInput, client: ClientInfo): Promise<NewAccount> {
  return runInHashingTurn(client, () => prepareRegistrationNow(input, client));
}

async function prepareRegistrationNow(input: RegisterInput, client: ClientInfo): Promise<NewAccount> {
  await assertRegistrationAllowed(client.ipAddress);
  const name = input.name || input.email.split("@")[0]!;
  const problem = checkPasswordPolicy(input.password, { email: input.email, name, appName: getConfig().appName });
  if (problem) throw invalidInput({ password: [problem] }, problem);
  return { email: normalizeEmail(input.email), name, passwordHash: await hashPassword(input.password) };
}

/** Whether the browser behind `client` signed in to this account before (lib/device-cookie.ts). */
export async function isKnownDevice(client: ClientInfo, email: string): Promise<boolean> {
  return (await recognizeDevice(client.deviceCookie, { email: normalizeEmail(email) })) !== null;
}

/**
 * The account behind the credentials, within the throttling limits. The same
 * error, after the same work, whether the email or the password is wrong.
 */
export async function verifyCredentials(input: LoginInput, client: ClientInfo, options: CredentialCheckOptions = {}): Promise<PublicUser> {
  return (await checkCredentials(input, client, options)).user;
}

/**
 * What a correct password yields: the account, whether two-factor must follow, and
 * the credential version read with the hash just checked (what the session, or the
 * sign-in challenge, will carry: lib/credential-version.ts).
 */
export type CheckedCredentials = { user: PublicUser; twoFactorEnabled: boolean; credentialVersion: number };

/** verifyCredentials, also telling whether the account has two-factor on, and under which credential version. */
export async function checkCredentials(
  input: LoginInput,
  client: ClientInfo,
  options: CredentialCheckOptions = {},
): Promise<CheckedCredentials> {
  // In the hashing line before any database work: a refusal (503) costs nothing.
  const knownDevice = options.knownDevice ?? false;
  return runInHashingTurn(client, () => checkCredentialsNow(input, client, knownDevice), { knownDevice });
}

async function checkCredentialsNow(input: LoginInput, client: ClientInfo, knownDevice: boolean): Promise<CheckedCredentials> {
  const email = normalizeEmail(input.email);
  let previousFailures: number;
  try {
    ({ previousFailures } = await assertLoginAllowed(email, client.ipAddress, { knownDevice }));
  } catch (error) {
    if (error instanceof RateLimitedError && error.scope === "account") await noteThrottled(email, client);
    throw error;
  }
  const user = await findUserWithPasswordByEmail(email);
  const valid = user ? await verifyPassword(input.password, user.passwordHash) : await verifyDummyPassword(input.password);
  // A disabled account gets the same answer as a wrong password, after the same work.
  if (!user || !valid || user.disabledAt) {
    const { locked } = await recordLoginFailure(email);
    if (knownDevice) await recordDeviceFailure(client.deviceCookie);
    await recordSecurityEvent("login_failed", user?.id ?? null, client);
    if (locked && user && !user.disabledAt) await lockAccount(user, "password", client);
    throw invalidCredentials();
  }
  if (previousFailures > 0) await recordLoginSuccess(email);
  if (knownDevice) await clearDeviceFailures(client.deviceCookie);
  // Not a credential change: the same password, at the configured cost.
  await upgradePasswordHash(user.id, input.password, user.passwordHash);
  return { user: toPublicUser(user), twoFactorEnabled: user.totpEnabledAt !== null, credentialVersion: user.credentialVersion };
}

/**
 * One "throttled" record per account per window, however many attempts are refused,
 * keyed by the email: the request does the same work whether or not it names an
 * account, and the lookup and the record wait until the response has gone.
 */
async function noteThrottled(email: string, client: ClientInfo): Promise<void> {
  if (!(await takeOnce((await getLimiters()).throttledNotes, email))) return;
  runAfterResponse("throttled record", async () => {
    const user = await findUserWithPasswordByEmail(email);
    if (user) await recordSecurityEvent("throttled", user.id, client);
  });
}

/**
 * The password of a signed-in user, entered again to confirm a sensitive change:
 * throttled and recorded like a sign-in, reported on the form's password field.
 * Returns the credential version the password was checked under.
 */
export async function confirmPassword(user: PublicUser, password: string, client: ClientInfo, field = "password"): Promise<number> {
  try {
    const knownDevice = await isKnownDevice(client, user.email);
    return (await checkCredentials({ email: user.email, password }, client, { knownDevice })).credentialVersion;
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_credentials") {
      const message = field === "password" ? "The password is incorrect." : "The current password is incorrect.";
      throw invalidInput({ [field]: [message] }, message);
    }
    throw error;
  }
}

export const reauthenticateInput = z.object({ password });

export const changePasswordInput = z.object({ currentPassword: password, newPassword: password });
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

/**
 * Sets a new password after checking the current one: a credential change, so every
 * session, link and pending sign-in of the account ends. Returns the new credential
 * version, for the caller's browser to continue on a new session.
 */
export async function changePassword(userId: string, input: ChangePasswordInput, client: ClientInfo): Promise<number> {
  const user = await findUserWithPasswordById(userId);
  if (!user) throw invalidCredentials();
  const checkedVersion = await confirmPassword(toPublicUser(user), input.currentPassword, client, "currentPassword");
  if (input.newPassword === input.currentPassword) {
    throw invalidInput({ newPassword: ["Choose a password different from your current one."] });
  }
  const problem = checkPasswordPolicy(input.newPassword, { email: user.email, name: user.name, appName: getConfig().appName });
  if (problem) throw invalidInput({ newPassword: [problem] }, problem);
  const passwordHash = await runInHashingTurn(client, () => hashPassword(input.newPassword));
  // Another change since the current password was checked (a reset, say) wins: this session is over.
  const credentialVersion = await recordCredentialChange(user.id, { passwordHash }, { expectedVersion: checkedVersion });
  if (credentialVersion === null) throw unauthenticated();
  await reportAccountChange("password_changed", user, client, {
    subject: "your password was changed",
    text: "The password of your account was changed, and every other session ended.",
  });
  return credentialVersion;
}

export { email as emailSchema, password as passwordSchema };

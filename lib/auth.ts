import { z } from "zod";
import { getConfig } from "./config";
import { sendAccountNotice } from "./account-notice";
import { AppError, invalidCredentials, invalidInput, unauthenticated } from "./errors";
import { limitConcurrency } from "./concurrency";
import { hashingThreads, hashPassword, verifyDummyPassword, verifyPassword } from "./password";
import { checkPasswordPolicy, passwordMaxBytes } from "./password-policy";
import {
  assertLoginAllowed,
  assertRegistrationAllowed,
  RateLimitedError,
  recordLoginFailure,
  recordLoginSuccess,
} from "./rate-limit";
import { recordCredentialChange } from "./credential-version";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import {
  createUser,
  findUserWithPasswordByEmail,
  findUserWithPasswordById,
  normalizeEmail,
  type PublicUser,
  toPublicUser,
} from "./user";

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
 * Registrations and password checks take turns, two per hashing thread: enough for
 * the next ones to do their queries while the threads hash. Twenty arriving at once
 * would otherwise all run their database work on the event loop together (Prisma
 * plans every query there) and hold up every other request, only to queue for a
 * hashing thread anyway.
 */
const inTurn = limitConcurrency(2 * hashingThreads);

export async function registerAccount(input: RegisterInput, client: ClientInfo): Promise<PublicUser> {
  return inTurn(() => registerAccountNow(input, client));
}

async function registerAccountNow(input: RegisterInput, client: ClientInfo): Promise<PublicUser> {
  await assertRegistrationAllowed(client.ipAddress);
  const name = input.name || input.email.split("@")[0]!;
  const problem = checkPasswordPolicy(input.password, { email: input.email, name, appName: getConfig().appName });
  if (problem) throw invalidInput({ password: [problem] }, problem);
  const user = await createUser({ email: input.email, name, passwordHash: await hashPassword(input.password) });
  await recordSecurityEvent("registered", user.id, client);
  return user;
}

/**
 * The account behind the credentials, within the throttling limits. The same
 * error, after the same work, whether the email or the password is wrong.
 */
export async function verifyCredentials(input: LoginInput, client: ClientInfo): Promise<PublicUser> {
  return (await checkCredentials(input, client)).user;
}

/**
 * What a correct password yields: the account, whether two-factor must follow, and
 * the credential version read with the hash just checked (what the session, or the
 * sign-in challenge, will carry: lib/credential-version.ts).
 */
export type CheckedCredentials = { user: PublicUser; twoFactorEnabled: boolean; credentialVersion: number };

/** verifyCredentials, also telling whether the account has two-factor on, and under which credential version. */
export async function checkCredentials(input: LoginInput, client: ClientInfo): Promise<CheckedCredentials> {
  return inTurn(() => checkCredentialsNow(input, client));
}

async function checkCredentialsNow(input: LoginInput, client: ClientInfo): Promise<CheckedCredentials> {
  const email = normalizeEmail(input.email);
  let previousFailures: number;
  try {
    ({ previousFailures } = await assertLoginAllowed(email, client.ipAddress));
  } catch (error) {
    if (error instanceof RateLimitedError) {
      const user = await findUserWithPasswordByEmail(email);
      await recordSecurityEvent("throttled", user?.id ?? null, client);
    }
    throw error;
  }
  const user = await findUserWithPasswordByEmail(email);
  const valid = user ? await verifyPassword(input.password, user.passwordHash) : await verifyDummyPassword(input.password);
  // A disabled account gets the same answer as a wrong password, after the same work.
  if (!user || !valid || user.disabledAt) {
    await recordLoginFailure(email);
    await recordSecurityEvent("login_failed", user?.id ?? null, client);
    throw invalidCredentials();
  }
  if (previousFailures > 0) await recordLoginSuccess(email);
  return { user: toPublicUser(user), twoFactorEnabled: user.totpEnabledAt !== null, credentialVersion: user.credentialVersion };
}

/**
 * The password of a signed-in user, entered again to confirm a sensitive change:
 * throttled and recorded like a sign-in, reported on the form's password field.
 * Returns the credential version the password was checked under.
 */
export async function confirmPassword(user: PublicUser, password: string, client: ClientInfo, field = "password"): Promise<number> {
  try {
    return (await checkCredentials({ email: user.email, password }, client)).credentialVersion;
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
  const passwordHash = await hashPassword(input.newPassword);
  // Another change since the current password was checked (a reset, say) wins: this session is over.
  const credentialVersion = await recordCredentialChange(user.id, { passwordHash }, { expectedVersion: checkedVersion });
  if (credentialVersion === null) throw unauthenticated();
  await recordSecurityEvent("password_changed", user.id, client);
  await sendAccountNotice(user.email, "your password was changed", "The password of your account was changed, and every other session ended.");
  return credentialVersion;
}

export { email as emailSchema, password as passwordSchema };

import { z } from "zod";
import { type NewAccount, prepareRegistration, type RegisterInput } from "./auth";
import { getConfig } from "./config";
import { getDb } from "./db";
import { AppError, invalidAccountLink } from "./errors";
import { log } from "./log";
import { runAfterResponse } from "./after-response";
import { composeMail, sendMail } from "./mail";
import { allowAccountMail, assertAccountLinkAllowed } from "./rate-limit";
import { type ClientInfo, recordSecurityEvent } from "./security-events";
import { generateToken, hashToken } from "./token";
import { createUser, findUserWithPasswordByEmail, type PublicUser } from "./user";

// REGISTRATION_MODE=verify-first (ASVS 6.3.8): registering answers the same, after
// the same work, whether or not the address has an account. The account starts only
// when the link mailed to the address is followed; a taken address gets a "you
// already have an account" mail instead. The link: 256 random bits, stored as their
// SHA-256, single use, valid for EMAIL_VERIFICATION_TTL.

export const confirmRegistrationInput = z.object({ token: z.string().min(1).max(200) });

// The one answer to every verify-first registration, on the page and in the API.
export const registrationRequested =
  "Check your inbox: we sent a message to this address telling you how to finish. A link in it works once, for a day at the most.";

/**
 * Accepts a registration. The checks and the password hash happen here, alike for
 * every address; everything that depends on whether it is taken (the lookup, the
 * pending record, the mail) runs after the response is sent.
 */
export async function requestRegistration(input: RegisterInput, client: ClientInfo): Promise<void> {
  const account = await prepareRegistration(input, client);
  runAfterResponse("registration", () => mailRegistration(account, client));
}

/** A link that creates the account, or, if the address has one, a mail telling its owner. */
export async function mailRegistration(account: NewAccount, client: ClientInfo): Promise<void> {
  // Per address: nobody can make an inbox receive more than a few of these an hour.
  if (!(await allowAccountMail("registration", account.email))) {
    log.warn("registration mail withheld: too many for this address this hour");
    return;
  }
  const existing = await findUserWithPasswordByEmail(account.email);
  if (existing) {
    await sendMail(accountExistsMail(existing.email));
    await recordSecurityEvent("registration_attempted", existing.id, client);
    return;
  }
  const token = await issuePendingRegistration(account);
  const { appOrigin, appName } = getConfig();
  await sendMail(
    composeMail(
      account.email,
      `Finish creating your ${appName} account`,
      [
        `Someone (hopefully you) asked to create a ${appName} account with this address.`,
        "The link works once, for a day. If this was not you, ignore this message: no account is created.",
      ],
      { label: "Create my account", url: `${appOrigin}/register/confirm?token=${token}` },
    ),
  );
}

function accountExistsMail(to: string) {
  const { appOrigin, appName } = getConfig();
  return composeMail(
    to,
    `You already have a ${appName} account`,
    [
      `Someone (hopefully you) tried to create a ${appName} account with this address, which already has one. Nothing was changed.`,
      `Forgot your password? Choose a new one: ${appOrigin}/forgot-password`,
      "If this was not you, you can ignore this message.",
    ],
    { label: "Sign in", url: `${appOrigin}/login` },
  );
}

/** Stores the registration under a new token; an earlier pending one for the address is replaced. */
async function issuePendingRegistration(account: NewAccount): Promise<string> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + getConfig().emailVerificationTtlSeconds * 1000);
  const db = await getDb();
  await db.pendingRegistration.deleteMany({ where: { email: account.email } });
  await db.pendingRegistration.create({ data: { id: hashToken(token), ...account, expiresAt } });
  return token;
}

/**
 * Follows the link: the account is created, its address already confirmed. Unknown,
 * used and expired links give invalid_token; so does the loser of two links for one
 * address (the unique email index decides), since an account now holds it.
 */
export async function confirmRegistration(input: z.infer<typeof confirmRegistrationInput>, client: ClientInfo): Promise<PublicUser> {
  await assertAccountLinkAllowed(client.ipAddress);
  const db = await getDb();
  const id = hashToken(input.token);
  const pending = await db.pendingRegistration.findUnique({ where: { id } });
  if (!pending || pending.expiresAt <= new Date()) throw invalidAccountLink();
  // Single use: of two requests with one link, only the one that deletes it goes on.
  const { count } = await db.pendingRegistration.deleteMany({ where: { id } });
  if (count === 0) throw invalidAccountLink();
  let user: PublicUser;
  try {
    const { email, name, passwordHash } = pending;
    user = await createUser({ email, name, passwordHash, emailVerifiedAt: new Date() });
  } catch (error) {
    if (error instanceof AppError && error.code === "email_taken") throw invalidAccountLink();
    throw error;
  }
  // Any other link for the address is void now: the account exists.
  await db.pendingRegistration.deleteMany({ where: { email: pending.email } });
  await recordSecurityEvent("registered", user.id, client);
  return user;
}

export async function purgeExpiredPendingRegistrations(now = new Date()): Promise<number> {
  const db = await getDb();
  const { count } = await db.pendingRegistration.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

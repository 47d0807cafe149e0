import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { z } from "zod";
import { getConfig } from "./config";
import { getDb } from "./db";
import { invalidInput, invalidPasskey } from "./errors";
import type { Passkey } from "./generated/prisma/client";
import { log } from "./log";
import {
  consumePasskeyChallenge,
  createPasskeyChallenge,
  passkeyChallengeTtlSeconds,
  type PasskeyChallengePurpose,
} from "./passkey-challenge";
import { defaultPasskeyName } from "./passkey-names";
import type { authenticationResponseSchema, registrationResponseSchema } from "./passkey-schemas";
import type { PublicUser } from "./user";

// The WebAuthn ceremonies, through @simplewebauthn/server (which decodes the CBOR and
// checks origin, RP id, flags, signature and counter): options for the browser, and the
// verification of what it answered. The relying party is APP_URL: its host is the RP id,
// its origin the only one accepted. Every refusal is the same invalidPasskey().

export const maxPasskeysPerUser = 20;

export function relyingParty() {
  const { appOrigin, appName } = getConfig();
  return { rpID: new URL(appOrigin).hostname, origin: appOrigin, rpName: appName };
}

// The user handle is the account id (random, no personal data): it names the account in discoverable credentials.
const userHandleOf = (userId: string) => Buffer.from(userId, "utf8").toString("base64url");
const timeout = passkeyChallengeTtlSeconds * 1000;
const parseTransports = (stored: string): string[] => {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
};

/** Options for adding a passkey to `user`, bound to `binding` (the acting session). */
export async function createRegistrationOptions(user: PublicUser, binding: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const db = await getDb();
  const existing = await db.passkey.findMany({ where: { userId: user.id }, select: { credentialId: true, transports: true } });
  if (existing.length >= maxPasskeysPerUser) {
    throw invalidInput({}, `An account can have at most ${maxPasskeysPerUser} passkeys: remove one first.`);
  }
  const { rpID, rpName } = relyingParty();
  return generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: Buffer.from(user.id, "utf8"),
    challenge: await createPasskeyChallenge("registration", binding),
    timeout,
    attestationType: "none",
    // The same authenticator twice would only be a duplicate.
    excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: parseTransports(passkey.transports) })),
    // Discoverable, so it signs in with no email typed; verified, so it is a complete sign-in.
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
}

/** Checks the new credential against its challenge and stores it as `user`'s passkey. */
export async function verifyRegistration(
  user: PublicUser,
  binding: string,
  response: z.infer<typeof registrationResponseSchema>,
  userAgent: string | null,
): Promise<Passkey> {
  const { rpID, origin } = relyingParty();
  let info;
  try {
    const verified = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: (challenge) => consumePasskeyChallenge("registration", binding, challenge),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });
    if (!verified.verified) throw new Error("not verified");
    info = verified.registrationInfo;
  } catch (error) {
    log.info("passkey registration refused", { reason: String(error) });
    throw invalidPasskey();
  }
  const db = await getDb();
  const { credential } = info;
  // A credential id names one account's passkey: a second registration of it is refused.
  if (await db.passkey.findUnique({ where: { credentialId: credential.id }, select: { id: true } })) throw invalidPasskey();
  return db.passkey.create({
    data: {
      credentialId: credential.id,
      userId: user.id,
      publicKey: Buffer.from(credential.publicKey),
      counter: BigInt(credential.counter),
      transports: JSON.stringify(response.response.transports ?? []),
      aaguid: info.aaguid,
      name: defaultPasskeyName(info.aaguid, userAgent),
      backedUp: info.credentialBackedUp,
    },
  });
}

/**
 * Options for a sign-in with a passkey. `sign_in`: any discoverable passkey of any account,
 * user verification required. `second_factor`: one of `userId`'s passkeys, presence enough
 * (the password was the first factor).
 */
export async function createAuthenticationOptions(
  purpose: Exclude<PasskeyChallengePurpose, "registration">,
  binding: string,
  userId?: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const db = await getDb();
  const allowCredentials = userId
    ? (await db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } })).map((passkey) => ({
        id: passkey.credentialId,
        transports: parseTransports(passkey.transports),
      }))
    : undefined;
  return generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    challenge: await createPasskeyChallenge(purpose, binding),
    timeout,
    allowCredentials,
    userVerification: purpose === "sign_in" ? "required" : "preferred",
  });
}

export type VerifiedPasskey = { passkey: Passkey; userVerified: boolean };

/**
 * Checks an assertion: its challenge (taken, so never twice), the passkey it names (of
 * `userId` when given), origin, RP id, flags and signature, and a counter that moved up
 * where the authenticator keeps one. Records the new counter and the use.
 */
export async function verifyAuthentication(
  purpose: Exclude<PasskeyChallengePurpose, "registration">,
  binding: string,
  response: z.infer<typeof authenticationResponseSchema>,
  userId?: string,
): Promise<VerifiedPasskey> {
  const db = await getDb();
  const passkey = await db.passkey.findUnique({ where: { credentialId: response.id } });
  const refuse = async (reason: string) => {
    // An answer naming no usable passkey still uses up its challenge.
    const challenge = readChallenge(response.response.clientDataJSON);
    if (challenge) await consumePasskeyChallenge(purpose, binding, challenge);
    log.info("passkey assertion refused", { reason });
    return invalidPasskey();
  };
  if (!passkey || (userId !== undefined && passkey.userId !== userId)) throw await refuse("unknown credential");
  // A discoverable credential says whose it is: it must be the account the passkey belongs to.
  if (response.response.userHandle !== undefined && response.response.userHandle !== userHandleOf(passkey.userId)) {
    throw await refuse("user handle mismatch");
  }
  const { rpID, origin } = relyingParty();
  let info;
  try {
    const verified = await verifyAuthenticationResponse({
      response: response as AuthenticationResponseJSON,
      expectedChallenge: (challenge) => consumePasskeyChallenge(purpose, binding, challenge),
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: Number(passkey.counter) },
      requireUserVerification: purpose === "sign_in",
    });
    if (!verified.verified) throw new Error("not verified");
    info = verified.authenticationInfo;
  } catch (error) {
    log.info("passkey assertion refused", { reason: String(error) });
    throw invalidPasskey();
  }
  // Only from the counter this check read: of two uses racing, one records its counter.
  const { count } = await db.passkey.updateMany({
    where: { id: passkey.id, counter: passkey.counter },
    data: { counter: BigInt(info.newCounter), lastUsedAt: new Date(), backedUp: info.credentialBackedUp },
  });
  if (count === 0) throw invalidPasskey();
  return { passkey, userVerified: info.userVerified };
}

function readChallenge(clientDataJSON: string): string | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8"));
    const challenge = (parsed as { challenge?: unknown }).challenge;
    return typeof challenge === "string" ? challenge : null;
  } catch {
    return null;
  }
}

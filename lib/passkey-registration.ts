import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { z } from "zod";
import { getDb } from "./db";
import { invalidInput, invalidPasskey } from "./errors";
import type { Passkey } from "./generated/prisma/client";
import { log } from "./log";
import { consumePasskeyChallenge, createPasskeyChallenge } from "./passkey-challenge";
import { defaultPasskeyName } from "./passkey-names";
import type { registrationResponseSchema } from "./passkey-schemas";
import { ceremonyTimeoutMs, listCredentialDescriptors, relyingParty, userHandleOf } from "./passkeys";
import type { PublicUser } from "./user";

// The registration ceremony: options for adding a passkey to a signed-in account, and the
// check of the new credential the browser answers with, which then is the account's
// passkey. Apart from lib/passkey-authentication.ts, which uses a passkey: only this side
// creates a credential, and only from a signed-in, fresh session (lib/passkey-changes.ts).

export const maxPasskeysPerUser = 20;

/** Options for adding a passkey to `user`, bound to `binding` (the acting session). */
export async function createRegistrationOptions(user: PublicUser, binding: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const existing = await listCredentialDescriptors(user.id);
  if (existing.length >= maxPasskeysPerUser) {
    throw invalidInput({}, `An account can have at most ${maxPasskeysPerUser} passkeys: remove one first.`);
  }
  const { rpID, rpName } = relyingParty();
  return generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: userHandleOf(user.id),
    challenge: await createPasskeyChallenge("registration", binding),
    timeout: ceremonyTimeoutMs,
    attestationType: "none",
    // The same authenticator twice would only be a duplicate.
    excludeCredentials: existing,
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

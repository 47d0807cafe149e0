import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from "@simplewebauthn/server";
import type { z } from "zod";
import { getDb } from "./db";
import { invalidPasskey } from "./errors";
import type { Passkey } from "./generated/prisma/client";
import { log } from "./log";
import { consumePasskeyChallenge, createPasskeyChallenge, type PasskeyChallengePurpose } from "./passkey-challenge";
import type { authenticationResponseSchema } from "./passkey-schemas";
import { ceremonyTimeoutMs, listCredentialDescriptors, relyingParty, userHandleOf } from "./passkeys";

// The authentication ceremony: options for signing in with a passkey (passwordless, or as
// the second factor, or a step-up), and the check of the assertion the browser answers
// with. Apart from lib/passkey-registration.ts: this side only reads a stored passkey and
// moves its counter, and its callers (lib/passkey-sign-in.ts, lib/passkey-step-up.ts) turn
// the passkey it returns into a session.

type AuthenticationPurpose = Exclude<PasskeyChallengePurpose, "registration">;

/**
 * Options for a sign-in with a passkey. `sign_in`: any discoverable passkey of any account,
 * user verification required. `second_factor`: one of `userId`'s passkeys, presence enough
 * (the password was the first factor).
 */
export async function createAuthenticationOptions(
  purpose: AuthenticationPurpose,
  binding: string,
  userId?: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: relyingParty().rpID,
    challenge: await createPasskeyChallenge(purpose, binding),
    timeout: ceremonyTimeoutMs,
    allowCredentials: userId ? await listCredentialDescriptors(userId) : undefined,
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
  purpose: AuthenticationPurpose,
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
  if (response.response.userHandle !== undefined && response.response.userHandle !== userHandleOf(passkey.userId).toString("base64url")) {
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

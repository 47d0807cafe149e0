import { getConfig } from "./config";
import { getDb } from "./db";
import { passkeyChallengeTtlSeconds } from "./passkey-challenge";

// What both WebAuthn ceremonies share: lib/passkey-registration.ts adds a passkey,
// lib/passkey-authentication.ts uses one, each through @simplewebauthn/server (which
// decodes the CBOR and checks origin, RP id, flags, signature and counter). Both speak
// for the same relying party, name the account by the same user handle and describe its
// stored credentials to the browser alike; and every refusal either makes is the same
// invalidPasskey(), so an answer never tells which check failed.

/** The relying party is APP_URL: its host is the RP id, its origin the only one accepted. */
export function relyingParty() {
  const { appOrigin, appName } = getConfig();
  return { rpID: new URL(appOrigin).hostname, origin: appOrigin, rpName: appName };
}

/** The account id (random, no personal data): it names the account in discoverable credentials. */
export const userHandleOf = (userId: string) => Buffer.from(userId, "utf8");

/** The browser may take as long as the challenge it answers lives. */
export const ceremonyTimeoutMs = passkeyChallengeTtlSeconds * 1000;

const parseTransports = (stored: string): string[] => {
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
};

/** `userId`'s passkeys as the browser is told of them: to exclude when adding one, to allow as a second factor. */
export async function listCredentialDescriptors(userId: string): Promise<{ id: string; transports: string[] }[]> {
  const db = await getDb();
  const passkeys = await db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
  return passkeys.map((passkey) => ({ id: passkey.credentialId, transports: parseTransports(passkey.transports) }));
}

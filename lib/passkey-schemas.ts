import { z } from "zod";

// The shapes of what a browser sends back from a WebAuthn prompt (as @simplewebauthn/browser
// encodes it), and of the API's and forms' bodies around them. Bounded and base64url-only;
// what the bytes mean is the library's to check (lib/passkey-registration.ts,
// lib/passkey-authentication.ts).

const base64url = z
  .string()
  .min(1)
  .max(8192)
  .regex(/^[A-Za-z0-9_-]+$/, "must be base64url");
const credentialFields = {
  id: base64url.max(1024),
  rawId: base64url.max(1024),
  type: z.literal("public-key"),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.looseObject({}).default({}),
};

/** What navigator.credentials.create() gave, as @simplewebauthn/browser sends it. */
export const registrationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(32)).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});

export const addPasskeyInput = z.object({ credential: registrationResponseSchema });

/** A credential as a form sends it: JSON text in one field, then held to `schema`. */
export function credentialText<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .max(16 * 1024)
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "The passkey's answer is not valid JSON." });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** What navigator.credentials.get() gave. */
export const authenticationResponseSchema = z.object({
  ...credentialFields,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.max(128).optional(),
  }),
});

export const passkeySignInInput = z.object({ credential: authenticationResponseSchema, remember: z.boolean().optional() });
export const passkeySecondFactorInput = z.object({ credential: authenticationResponseSchema });

import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond, webAuthnOptions } from "@/lib/openapi";
import { passkeyChallengeTtlSeconds } from "@/lib/passkey-challenge";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Options for confirming this session with one of the account's passkeys (step-up to aal2)",
    description: `The challenge is bound to this session, works once, and lapses after ${passkeyChallengeTtlSeconds / 60} minutes.`,
    security: cookieAuth,
    responses: { 200: respond("PublicKeyCredentialRequestOptionsJSON", webAuthnOptions), ...errors(401, 403, 503) },
  },
};

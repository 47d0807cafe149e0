import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, freshSignInNeeded, respond, webAuthnOptions } from "@/lib/openapi";
import { passkeyChallengeTtlSeconds } from "@/lib/passkey-challenge";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Options for navigator.credentials.create() to add a passkey (recent sign-in needed)",
    description:
      freshSignInNeeded +
      ` The challenge is bound to this session, works once, and lapses after ${passkeyChallengeTtlSeconds / 60} minutes.`,
    security: cookieAuth,
    responses: { 200: respond("PublicKeyCredentialCreationOptionsJSON", webAuthnOptions), ...errors(400, 401, 403, 503) },
  },
};

import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { errors, respond, webAuthnOptions } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Options for a passwordless sign-in with a discoverable passkey (user verification required)",
    description: "Sets a short-lived attempt cookie the challenge is bound to: the answer must come from the same client.",
    responses: { 200: respond("PublicKeyCredentialRequestOptionsJSON", webAuthnOptions), ...errors(403, 503) },
  },
};

import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { errors, respond, webAuthnOptions } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Options for finishing a two-factor sign-in with one of the account's passkeys (after the password step)",
    responses: { 200: respond("PublicKeyCredentialRequestOptionsJSON", webAuthnOptions), ...errors(401, 403, 503) },
  },
};

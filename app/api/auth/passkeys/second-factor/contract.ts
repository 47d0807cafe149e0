import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, errors, respond, sessionBody } from "@/lib/openapi";
import { passkeySecondFactorInput } from "@/lib/passkey-schemas";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Finish a two-factor sign-in with a passkey in place of the app code (aal2, method `password+passkey`)",
    description: "Each answer takes one of the pending sign-in's attempts, like a code. A refused assertion gets 400 `invalid_passkey`.",
    requestBody: body(passkeySecondFactorInput),
    responses: { 200: respond("Signed in", sessionBody), ...errors(400, 401, 403, 413, 415, 503) },
  },
};

import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, cookieAuth, errors, recoveryCodes, respond } from "@/lib/openapi";
import { secondFactorInput } from "@/lib/two-factor";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Replace the recovery codes (a code and a recent sign-in needed)",
    security: cookieAuth,
    requestBody: body(secondFactorInput),
    responses: {
      200: respond("The new codes; the old ones stop working", recoveryCodes),
      ...errors(400, 401, 403, 409, 413, 415, 429, 503),
    },
  },
};

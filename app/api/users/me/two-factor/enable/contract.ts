import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, cookieAuth, errors, recoveryCodes, respond } from "@/lib/openapi";
import { recoveryCodeCount } from "@/lib/recovery-codes";
import { secondFactorInput } from "@/lib/two-factor";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary:
      "Turn two-factor authentication on with a first code from the app (recent sign-in needed; ends your other sessions, rotates this one)",
    security: cookieAuth,
    requestBody: body(secondFactorInput),
    responses: {
      200: respond(`On; the ${recoveryCodeCount} recovery codes. Sets a new session cookie`, recoveryCodes),
      ...errors(400, 401, 403, 409, 413, 415, 503),
    },
  },
};

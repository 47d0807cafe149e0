import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, cookieAuth, errors, respond } from "@/lib/openapi";
import { disableTwoFactorInput } from "@/lib/two-factor";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary:
      "Turn two-factor authentication off: the password and a code (from the app, or a recovery code). Ends your other sessions, rotates this one",
    security: cookieAuth,
    requestBody: body(disableTwoFactorInput),
    responses: {
      204: respond("Off; the key and recovery codes are deleted. Sets a new session cookie"),
      ...errors(400, 401, 403, 409, 413, 415, 429, 503),
    },
  },
};

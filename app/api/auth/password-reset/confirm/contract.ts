import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, errors, respond } from "@/lib/openapi";
import { confirmPasswordResetInput } from "@/lib/password-reset";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary:
      "Set a new password with the emailed token (single use; ends every session of the account and voids its other links and pending sign-ins)",
    requestBody: body(confirmPasswordResetInput),
    responses: {
      204: respond("Password changed; every session ended"),
      ...errors(400, 403, 413, 415, 429, 503),
    },
  },
};

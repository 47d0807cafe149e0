import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { confirmEmailVerificationInput } from "@/lib/email-verification";
import { body, errors, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Confirm the email address with the mailed token (single use; no session needed)",
    requestBody: body(confirmEmailVerificationInput),
    responses: { 204: respond("Address confirmed"), ...errors(400, 403, 413, 415, 429, 503) },
  },
};

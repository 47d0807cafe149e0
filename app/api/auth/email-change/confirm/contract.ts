import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { confirmEmailChangeInput } from "@/lib/email-change";
import { body, errors, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary:
      "Take the new address with the token mailed to it (single use; no session needed). Ends every session of the account; a client signed in to it continues on a new one",
    requestBody: body(confirmEmailChangeInput),
    responses: {
      204: respond(
        "The account now uses the new address (confirmed); the old one is told. Sets a new session cookie if this client was signed in to the account",
      ),
      ...errors(400, 403, 409, 413, 415, 429, 503),
    },
  },
};

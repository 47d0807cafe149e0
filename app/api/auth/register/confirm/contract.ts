import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, errors, respond, userBody } from "@/lib/openapi";
import { confirmRegistrationInput } from "@/lib/pending-registration";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Create the account with the token mailed at verify-first registration, and sign in (single use; no session needed)",
    requestBody: body(confirmRegistrationInput),
    responses: {
      201: respond("Created, the address confirmed; sets the session cookie", userBody),
      ...errors(400, 403, 413, 415, 429, 503),
    },
  },
};

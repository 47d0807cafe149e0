import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { registerInput } from "@/lib/auth";
import { body, errors, respond, userBody } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Create an account and sign in (REGISTRATION_MODE=immediate), or mail the link that does (verify-first)",
    description:
      "immediate (default): 201 with the account and its session cookie; a taken address gets 409 `email_taken`. " +
      "verify-first: always 202 with the same message, whether or not the address has an account; a new address is " +
      'mailed a link for POST /api/auth/register/confirm, a taken one a "you already have an account" mail.',
    requestBody: body(registerInput),
    responses: {
      201: respond("Created; sets the session cookie (immediate mode)", userBody),
      202: respond("Accepted: see your inbox (verify-first mode; the same for every address)", z.object({ message: z.string() })),
      ...errors(400, 403, 409, 413, 415, 429, 503),
    },
  },
};

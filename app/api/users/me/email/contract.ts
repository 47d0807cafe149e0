import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { requestEmailChangeInput } from "@/lib/email-change";
import { body, cookieAuth, errors, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Ask to change your email address: the password, then a link mailed to the new address",
    description:
      "REGISTRATION_MODE=immediate: a taken address gets 409 `email_taken`. verify-first: 202 with the same body whether " +
      "or not the address is taken; a taken address's owner is told by mail, and no link is sent.",
    security: cookieAuth,
    requestBody: body(requestEmailChangeInput),
    responses: {
      202: respond("Link sent to the new address (if it can be used), notice to the old one", z.object({ message: z.string() })),
      ...errors(400, 401, 403, 409, 413, 415, 429, 503),
    },
  },
};

import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Mail the link that confirms your email address again",
    security: cookieAuth,
    responses: {
      200: respond("Already confirmed; nothing sent", z.object({ message: z.string() })),
      202: respond("Sent", z.object({ message: z.string() })),
      ...errors(401, 403, 429, 503),
    },
  },
};

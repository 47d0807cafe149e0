import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, freshSignInNeeded, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "End all your other sessions",
    description: freshSignInNeeded,
    security: cookieAuth,
    responses: { 200: respond("Ended", z.object({ revoked: z.number().int() })), ...errors(401, 403, 503) },
  },
};

import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, freshSignInNeeded, respond } from "@/lib/openapi";
import { userIdParams } from "@/lib/schemas";

export const contract: ZodOpenApiPathItemObject = {
  delete: {
    summary: "End all sessions of a user (administrators; recent sign-in needed)",
    description: freshSignInNeeded,
    security: cookieAuth,
    requestParams: { path: userIdParams },
    responses: { 200: respond("Ended", z.object({ revoked: z.number().int() })), ...errors(401, 403, 404, 503) },
  },
};

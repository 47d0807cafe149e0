import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, freshSignInNeeded, respond } from "@/lib/openapi";
import { sessionIdParams } from "@/lib/schemas";

export const contract: ZodOpenApiPathItemObject = {
  delete: {
    summary: "End one of your sessions",
    description: `Ending another session: ${freshSignInNeeded} Ending the current one (signing out) never needs it.`,
    security: cookieAuth,
    requestParams: { path: sessionIdParams },
    responses: { 204: respond("Ended"), ...errors(401, 403, 404, 503) },
  },
};

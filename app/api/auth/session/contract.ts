import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond, sessionBody } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "The current session",
    security: cookieAuth,
    responses: { 200: respond("Signed in", sessionBody), ...errors(401, 503) },
  },
};

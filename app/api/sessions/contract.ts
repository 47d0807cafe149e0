import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond, session } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Your active sessions",
    security: cookieAuth,
    responses: { 200: respond("Sessions", z.object({ sessions: z.array(session) })), ...errors(401, 503) },
  },
};

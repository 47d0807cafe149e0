import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Counts (administrators)",
    security: cookieAuth,
    responses: {
      200: respond("Counts", z.object({ users: z.number().int(), activeSessions: z.number().int(), signInsLast24h: z.number().int() })),
      ...errors(401, 403, 503),
    },
  },
};

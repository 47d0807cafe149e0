import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond, securityEvent } from "@/lib/openapi";
import { activityQuery } from "@/lib/schemas";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Your security activity, newest first",
    security: cookieAuth,
    requestParams: { query: activityQuery },
    responses: {
      200: respond("A page of events", z.object({ events: z.array(securityEvent), nextCursor: z.string().nullable() })),
      ...errors(400, 401, 503),
    },
  },
};

import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { listUsersQuery } from "@/lib/admin";
import { cookieAuth, errors, respond, user } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Search users (administrators)",
    security: cookieAuth,
    requestParams: { query: listUsersQuery },
    responses: {
      200: respond("A page of users", z.object({ users: z.array(user), nextCursor: z.string().nullable() })),
      ...errors(400, 401, 403, 503),
    },
  },
};

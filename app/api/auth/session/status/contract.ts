import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond } from "@/lib/openapi";

const sessionStatus = z
  .union([
    z.object({ active: z.literal(false) }),
    z.object({
      active: z.literal(true),
      idleExpiresInSeconds: z.number(),
      expiresInSeconds: z.number().meta({ description: "Until the absolute deadline." }),
      idleWarningSeconds: z.number(),
    }),
  ])
  .meta({ id: "SessionStatus" });

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Whether this browser's session is still there, and how long until its deadlines",
    description:
      "What open tabs poll (about once a second while visible). Never renews the session, updates nothing and sends no cookie: " +
      "it costs the store no write. `idleWarningSeconds`: how long before the idle deadline to warn; from then on " +
      "GET /api/auth/session renews it.",
    security: cookieAuth,
    responses: { 200: respond("The session's state (also when signed out)", sessionStatus), ...errors(503) },
  },
};

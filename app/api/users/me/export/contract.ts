import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond, securityEvent, session, user } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Download your data: your account, sessions and whole activity",
    description:
      "Needs an aal2 session signed in or stepped up within the last 15 minutes: else 403 `step_up_required` (POST /api/auth/step-up).",
    security: cookieAuth,
    responses: {
      200: respond(
        "Everything the account holds",
        z.object({ exportedAt: z.iso.datetime(), user, sessions: z.array(session), events: z.array(securityEvent) }),
      ),
      ...errors(401, 403, 503),
    },
  },
};

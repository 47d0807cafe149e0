import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, cookieAuth, errors, respond, session } from "@/lib/openapi";
import { secondFactorInput } from "@/lib/two-factor";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Confirm this session with a second factor (an app code or a recovery code), for routes that need aal2",
    description:
      "What a 403 `step_up_required` asks for. The browser continues on a new aal2 session (new cookie), no longer-lived " +
      "than this one. Wrong codes count against the account as at sign-in; an account without two-factor gets 409 `two_factor_not_enabled`.",
    security: cookieAuth,
    requestBody: body(secondFactorInput),
    responses: {
      200: respond("Confirmed; the browser continues on a new session (new cookie)", z.object({ session })),
      ...errors(400, 401, 403, 409, 413, 415, 429, 503),
    },
  },
};

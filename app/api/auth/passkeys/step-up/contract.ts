import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, cookieAuth, errors, respond, session } from "@/lib/openapi";
import { passkeySecondFactorInput } from "@/lib/passkey-schemas";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Confirm this session with a passkey, for routes that need aal2 (the answer to 403 `step_up_required`)",
    description:
      "The browser continues on a new aal2 session (new cookie), no longer-lived than this one: method `passkey` with user " +
      "verification, else `password+passkey`. A refused assertion gets 400 `invalid_passkey` and changes nothing.",
    security: cookieAuth,
    requestBody: body(passkeySecondFactorInput),
    responses: {
      200: respond("Confirmed; the browser continues on a new session (new cookie)", z.object({ session })),
      ...errors(400, 401, 403, 413, 415, 503),
    },
  },
};

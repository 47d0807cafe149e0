import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { reauthenticateInput } from "@/lib/auth";
import { body, cookieAuth, errors, respond, session } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Enter the password again, for changes that need a recent sign-in",
    security: cookieAuth,
    requestBody: body(reauthenticateInput),
    responses: {
      200: respond("Confirmed; the browser continues on a new session (new cookie)", z.object({ session })),
      ...errors(400, 401, 403, 413, 415, 429, 503),
    },
  },
};

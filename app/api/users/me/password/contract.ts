import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { changePasswordInput } from "@/lib/auth";
import { body, cookieAuth, errors, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Change your password (ends your other sessions, rotates this one, voids the account's links and pending sign-ins)",
    security: cookieAuth,
    requestBody: body(changePasswordInput),
    responses: { 204: respond("Changed; sets a new session cookie"), ...errors(400, 401, 403, 415, 503) },
  },
};

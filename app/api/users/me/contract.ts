import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { updateOwnProfileInput } from "@/lib/admin";
import { body, cookieAuth, errors, respond, userBody } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "The signed-in user",
    security: cookieAuth,
    responses: { 200: respond("The user", userBody), ...errors(401, 503) },
  },
  patch: {
    summary: "Change your name",
    security: cookieAuth,
    requestBody: body(updateOwnProfileInput),
    responses: { 200: respond("Updated", userBody), ...errors(400, 401, 403, 415, 503) },
  },
};

import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { updateUserInput } from "@/lib/admin";
import { body, cookieAuth, errors, freshSignInNeeded, respond, userBody } from "@/lib/openapi";
import { userIdParams } from "@/lib/schemas";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "A user (administrators)",
    security: cookieAuth,
    requestParams: { path: userIdParams },
    responses: { 200: respond("The user", userBody), ...errors(401, 403, 404, 503) },
  },
  patch: {
    summary: "Change a user's name, role or status (administrators; recent sign-in needed)",
    description: freshSignInNeeded,
    security: cookieAuth,
    requestParams: { path: userIdParams },
    requestBody: body(updateUserInput),
    responses: { 200: respond("Updated", userBody), ...errors(400, 401, 403, 404, 409, 415, 503) },
  },
  delete: {
    summary: "Delete a user (administrators; recent sign-in needed)",
    description: freshSignInNeeded,
    security: cookieAuth,
    requestParams: { path: userIdParams },
    responses: { 204: respond("Deleted"), ...errors(401, 403, 404, 409, 503) },
  },
};

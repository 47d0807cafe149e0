import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, errors, respond } from "@/lib/openapi";
import { requestPasswordResetInput } from "@/lib/password-reset";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Email a password reset link (the same answer whether or not the account exists)",
    requestBody: body(requestPasswordResetInput),
    responses: { 202: respond("Accepted", z.object({ message: z.string() })), ...errors(400, 403, 413, 415, 429) },
  },
};

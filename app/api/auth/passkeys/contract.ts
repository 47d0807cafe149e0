import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, passkey, respond } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "The signed-in account's passkeys",
    security: cookieAuth,
    responses: { 200: respond("Its passkeys, oldest first", z.object({ passkeys: z.array(passkey) })), ...errors(401, 503) },
  },
};

import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond } from "@/lib/openapi";

const twoFactorStatus = z.object({
  twoFactor: z.object({
    enabled: z.boolean(),
    enabledAt: z.iso.datetime().nullable(),
    setupPending: z.boolean().meta({ description: "A setup was started and waits for its first code." }),
    recoveryCodesLeft: z.number().int(),
  }),
});

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Whether two-factor authentication is on",
    security: cookieAuth,
    responses: { 200: respond("Status", twoFactorStatus), ...errors(401, 503) },
  },
};

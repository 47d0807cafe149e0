import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { cookieAuth, errors, respond } from "@/lib/openapi";
import { userIdParams } from "@/lib/schemas";

const accountLockBody = z.object({
  lock: z.object({ failedPasswords: z.number().int(), failedCodes: z.number().int(), locked: z.boolean() }).meta({ id: "AccountLock" }),
});

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Lift a user's sign-in lock (administrators)",
    description:
      "Clears the consecutive failed passwords and wrong two-factor codes that locked the account for unknown devices " +
      "(RATE_LIMIT_ACCOUNT_MAX_FAILURES, RATE_LIMIT_SECOND_FACTOR_MAX_FAILURES).",
    security: cookieAuth,
    requestParams: { path: userIdParams },
    responses: { 200: respond("Unlocked", accountLockBody), ...errors(401, 403, 404, 503) },
  },
};

import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { loginInput } from "@/lib/auth";
import { signInChallengeTtlSeconds } from "@/lib/sign-in-challenge";
import { body, errors, respond, sessionBody } from "@/lib/openapi";

const secondFactorRequired = z
  .object({
    secondFactorRequired: z.literal(true),
    expiresAt: z.iso.datetime().meta({ description: `When the pending sign-in lapses (${signInChallengeTtlSeconds / 60} minutes).` }),
  })
  .meta({ id: "SecondFactorRequired" });

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Sign in (the password step)",
    description:
      "Without two-factor authentication this signs in. With it, no session is made: the answer is `secondFactorRequired` " +
      "and a short-lived challenge cookie (the `signInChallenge` scheme) that only POST /api/auth/login/second-factor accepts.",
    requestBody: body(loginInput),
    responses: {
      200: respond("Signed in and sets the session cookie, or a second factor is required", z.union([sessionBody, secondFactorRequired])),
      ...errors(400, 401, 403, 413, 415, 429, 503),
    },
  },
};

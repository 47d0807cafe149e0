import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, errors, respond, sessionBody } from "@/lib/openapi";
import { secondFactorFailuresWindowSeconds } from "@/lib/rate-limiters";
import { maxChallengeAttempts } from "@/lib/sign-in-challenge";
import { secondFactorInput } from "@/lib/two-factor";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Finish a two-factor sign-in with a code from the authenticator app or a recovery code",
    description:
      `Needs the challenge cookie of the password step. Each code works once. ${maxChallengeAttempts} wrong codes end the pending ` +
      `sign-in; RATE_LIMIT_SECOND_FACTOR_FAILURES wrong codes per account in ${secondFactorFailuresWindowSeconds / 60} minutes answer 429.`,
    security: [{ signInChallenge: [] }],
    requestBody: body(secondFactorInput),
    responses: {
      200: respond("Signed in; sets the session cookie, clears the challenge cookie", sessionBody),
      ...errors(400, 401, 403, 413, 415, 429, 503),
    },
  },
};

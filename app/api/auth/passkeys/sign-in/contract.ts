import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, errors, respond, sessionBody } from "@/lib/openapi";
import { passkeySignInInput } from "@/lib/passkey-schemas";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Sign in with a passkey: a verified assertion starts a session (aal2, method `passkey`)",
    description:
      "Every refused assertion (unknown or removed passkey, replayed, another origin, lapsed or unbound challenge, counter gone " +
      "backwards, no user verification, bad signature) gets the same 400 `invalid_passkey`, and nothing is signed in. " +
      "Throttled like password sign-ins (per address, then the shared budget).",
    requestBody: body(passkeySignInInput),
    responses: { 200: respond("Signed in", sessionBody), ...errors(400, 403, 413, 415, 429, 503) },
  },
};

import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, cookieAuth, errors, passkey, respond } from "@/lib/openapi";
import { addPasskeyInput } from "@/lib/passkey-schemas";

export const contract: ZodOpenApiPathItemObject = {
  post: {
    summary: "Add the passkey the browser created (its RegistrationResponseJSON, as @simplewebauthn/browser gives it)",
    description: "Needs user verification. Records `passkey_added` and mails the owner.",
    security: cookieAuth,
    requestBody: body(addPasskeyInput),
    responses: { 201: respond("Added", z.object({ passkey })), ...errors(400, 401, 403, 413, 415, 503) },
  },
};

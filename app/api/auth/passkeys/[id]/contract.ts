import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { body, cookieAuth, errors, freshSignInNeeded, passkey, respond } from "@/lib/openapi";
import { renamePasskeyInput } from "@/lib/passkey-list";
import { sessionIdParams } from "@/lib/schemas";

export const contract: ZodOpenApiPathItemObject = {
  patch: {
    summary: "Rename one of the account's passkeys",
    security: cookieAuth,
    requestParams: { path: sessionIdParams },
    requestBody: body(renamePasskeyInput),
    responses: { 200: respond("Renamed", z.object({ passkey })), ...errors(400, 401, 403, 404, 413, 415, 503) },
  },
  delete: {
    summary: "Remove one of the account's passkeys (recent sign-in needed); every session of the account ends",
    description:
      freshSignInNeeded +
      " A credential change: every session ends and this client continues on a new one (new cookie). " +
      "The account's last way to sign in is never removed (409 `last_sign_in_method`).",
    security: cookieAuth,
    requestParams: { path: sessionIdParams },
    responses: { 204: respond("Removed; the client continues on a new session (new cookie)"), ...errors(401, 403, 404, 409, 503) },
  },
};

import { z } from "zod";
import { signInMethods } from "./assurance";
import { recoveryCodeCharacters, recoveryCodeCount } from "./recovery-codes";

// The words the API's contract is written in: the response shapes several routes share,
// and helpers for requests, responses and errors. Each route's own contract sits beside
// it (app/api/**/contract.ts), its request schemas the very ones its handler parses
// with; app/api/openapi.json/document.ts puts them together (docs/architecture.md).

export const user = z
  .object({
    id: z.string(),
    email: z.email(),
    name: z.string(),
    role: z.enum(["user", "admin"]),
    disabledAt: z.iso.datetime().nullable(),
    emailVerifiedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "User" });

const device = z.object({
  browser: z.string().nullable(),
  os: z.string().nullable(),
  type: z.string().nullable(),
  label: z.string(),
});

export const session = z
  .object({
    id: z.string().meta({ description: "Public identifier: neither the token nor its hash." }),
    current: z.boolean(),
    createdAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    idleExpiresAt: z.iso.datetime(),
    absoluteExpiresAt: z.iso.datetime(),
    persistent: z.boolean(),
    assurance: z.enum(["aal1", "aal2"]).meta({
      description: "How strongly it was signed in (NIST 800-63B-4): aal1 a password alone, aal2 with a second factor or a passkey.",
    }),
    method: z.enum(signInMethods).meta({ description: "What it was signed in, re-authenticated or stepped up with." }),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    device,
  })
  .meta({ id: "Session" });

export const securityEvent = z
  .object({
    id: z.string(),
    type: z.string(),
    description: z.string(),
    createdAt: z.iso.datetime(),
    ipAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
    actorId: z.string().nullable(),
    detail: z.string().nullable(),
  })
  .meta({ id: "SecurityEvent" });

const error = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

export const userBody = z.object({ user });
export const recoveryCodes = z.object({
  recoveryCodes: z
    .array(z.string())
    .length(recoveryCodeCount)
    .meta({
      description:
        `Shown this once: only their hashes are kept. Each is ${recoveryCodeCharacters} base32 characters ` +
        `(${recoveryCodeCharacters * 5} random bits) in groups of four, e.g. 7K2M-Q9XD-4RTV-HB8N-3WCE-PZ6A; case, spaces and ` +
        "dashes are ignored when typed. Codes of the earlier 16-character form keep working.",
    }),
});
export const sessionBody = z.object({ user, session });

export const passkey = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    backedUp: z.boolean().meta({ description: "Synced by its provider rather than bound to one device." }),
  })
  .meta({ id: "Passkey" });
export const webAuthnOptions = z.looseObject({ challenge: z.string() }).meta({
  description: "WebAuthn options as JSON, for @simplewebauthn/browser's startRegistration/startAuthentication (optionsJSON).",
});

const jsonContent = (schema: z.ZodType) => ({ "application/json": { schema } });
export const respond = (description: string, schema?: z.ZodType) =>
  schema ? { description, content: jsonContent(schema) } : { description };
export const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), respond(errorDescriptions[status] ?? "Error", error)]));
const errorDescriptions: Record<number, string> = {
  400: "Invalid input (`invalid_input`, `invalid_json`), an invalid or expired reset token (`invalid_token`), a wrong or used code (`invalid_code`), or a refused passkey (`invalid_passkey`)",
  401: "Not signed in (`unauthenticated`), wrong credentials (`invalid_credentials`), or no live pending sign-in (`sign_in_expired`)",
  403: "Forbidden: not an administrator, or a cross-site request (`forbidden`), or the sign-in is older than FRESH_SIGN_IN_MAX_AGE (`reauthentication_required`), or the route needs a stronger or more recent sign-in (`step_up_required`: POST /api/auth/step-up)",
  404: "Not found (`not_found`)",
  409: "Conflict (`email_taken` in REGISTRATION_MODE=immediate, `last_admin`, `two_factor_enabled`, `two_factor_not_enabled`, `last_sign_in_method`)",
  413: "Body too large (`payload_too_large`)",
  415: "Not application/json (`unsupported_media_type`)",
  429: "Throttled (`rate_limited`); see Retry-After",
  503: "Database or session store unavailable, or too many password checks already waiting (`service_unavailable`; then with Retry-After)",
};
export const freshSignInNeeded =
  "Needs a sign-in within FRESH_SIGN_IN_MAX_AGE; an older one gets 403 `reauthentication_required`, and changes nothing, " +
  "until the password is entered again (POST /api/auth/reauthenticate).";
export const body = (schema: z.ZodType) => ({ required: true, content: jsonContent(schema) });
export const cookieAuth = [{ sessionCookie: [] }];

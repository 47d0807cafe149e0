import { z } from "zod";
import { signInMethods } from "./assurance";
import { confirmEmailChangeInput, requestEmailChangeInput } from "./email-change";
import { confirmEmailVerificationInput } from "./email-verification";
import { confirmRegistrationInput } from "./pending-registration";
import { confirmPasswordResetInput, requestPasswordResetInput } from "./password-reset";
import { createDocument } from "zod-openapi";
import { getConfig } from "./config";
import { listUsersQuery, updateOwnProfileInput, updateUserInput } from "./admin";
import { changePasswordInput, loginInput, reauthenticateInput, registerInput } from "./auth";
import { disableTwoFactorInput, secondFactorInput } from "./two-factor";
import { activityQuery, sessionIdParams, userIdParams } from "./schemas";
import { renamePasskeyInput } from "./passkey-list";
import { addPasskeyInput, passkeySecondFactorInput, passkeySignInInput } from "./passkey-schemas";

// The API's contract, built from the request schemas the handlers parse with,
// so the two cannot drift apart. Response shapes are described here.

const user = z
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

const session = z
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

const securityEvent = z
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

const ok = z.object({ status: z.literal("ok") });
const health = z.object({
  status: z
    .enum(["ok", "degraded"])
    .meta({ description: "`degraded`: Redis carries only limits and evictions and is down; the app works on its fallback." }),
  redis: z.enum(["ok", "unavailable"]).optional().meta({ description: "Present when REDIS_URL is set." }),
});
const userBody = z.object({ user });
const secondFactorRequired = z
  .object({
    secondFactorRequired: z.literal(true),
    expiresAt: z.iso.datetime().meta({ description: "When the pending sign-in lapses (5 minutes)." }),
  })
  .meta({ id: "SecondFactorRequired" });
const twoFactorStatus = z.object({
  twoFactor: z.object({
    enabled: z.boolean(),
    enabledAt: z.iso.datetime().nullable(),
    setupPending: z.boolean().meta({ description: "A setup was started and waits for its first code." }),
    recoveryCodesLeft: z.number().int(),
  }),
});
const recoveryCodes = z.object({
  recoveryCodes: z.array(z.string()).length(10).meta({
    description:
      "Shown this once: only their hashes are kept. Each is 24 base32 characters (120 random bits) in six groups of four, e.g. 7K2M-Q9XD-4RTV-HB8N-3WCE-PZ6A; case, spaces and dashes are ignored when typed. Codes of the earlier 16-character form keep working.",
  }),
});
const sessionBody = z.object({ user, session });
const passkey = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    backedUp: z.boolean().meta({ description: "Synced by its provider rather than bound to one device." }),
  })
  .meta({ id: "Passkey" });
const webAuthnOptions = z.looseObject({ challenge: z.string() }).meta({
  description: "WebAuthn options as JSON, for @simplewebauthn/browser's startRegistration/startAuthentication (optionsJSON).",
});
const accountLockBody = z.object({
  lock: z.object({ failedPasswords: z.number().int(), failedCodes: z.number().int(), locked: z.boolean() }).meta({ id: "AccountLock" }),
});

const sessionStatus = z
  .union([
    z.object({ active: z.literal(false) }),
    z.object({
      active: z.literal(true),
      idleExpiresInSeconds: z.number(),
      expiresInSeconds: z.number().meta({ description: "Until the absolute deadline." }),
      idleWarningSeconds: z.number(),
    }),
  ])
  .meta({ id: "SessionStatus" });

const jsonContent = (schema: z.ZodType) => ({ "application/json": { schema } });
const respond = (description: string, schema?: z.ZodType) => (schema ? { description, content: jsonContent(schema) } : { description });
const errors = (...statuses: number[]) =>
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
const freshSignInNeeded =
  "Needs a sign-in within FRESH_SIGN_IN_MAX_AGE; an older one gets 403 `reauthentication_required`, and changes nothing, " +
  "until the password is entered again (POST /api/auth/reauthenticate).";
const body = (schema: z.ZodType) => ({ required: true, content: jsonContent(schema) });
const cookieAuth = [{ sessionCookie: [] }];

export function buildOpenApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: `${getConfig().appName} API`,
      version: "1.0.0",
      description:
        "Server-side sessions carried by an HttpOnly cookie. Send JSON bodies with `Content-Type: application/json`; " +
        "state-changing requests from browsers must come from the app's own origin.",
    },
    components: {
      securitySchemes: {
        sessionCookie: { type: "apiKey", in: "cookie", name: "session", description: "`__Host-session` when served over https." },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN; not needed from the loopback address." },
      },
    },
    paths: {
      "/api/health": {
        get: {
          summary: "Readiness (reads the database; pings Redis when configured)",
          responses: { 200: respond("Ready", health), ...errors(503) },
        },
      },
      "/api/health/live": { get: { summary: "Liveness (no I/O)", responses: { 200: respond("Alive", ok) } } },
      "/api/openapi.json": { get: { summary: "This document", responses: { 200: { description: "OpenAPI 3.1 document" } } } },
      "/api/metrics": {
        get: {
          summary: "Prometheus metrics (loopback clients, or Authorization: Bearer METRICS_TOKEN)",
          description:
            "Sign-ins by outcome, throttled attempts, active sessions, the hashing line, session-store latency and the session " +
            "cache, in the Prometheus text format (docs/metrics.md). Anyone else gets the 404 of an unknown API path.",
          security: [{ metricsToken: [] }, {}],
          responses: {
            200: { description: "Prometheus text format", content: { "text/plain; version=0.0.4; charset=utf-8": { schema: z.string() } } },
            ...errors(404),
          },
        },
      },
      "/api/auth/register": {
        post: {
          summary: "Create an account and sign in (REGISTRATION_MODE=immediate), or mail the link that does (verify-first)",
          description:
            "immediate (default): 201 with the account and its session cookie; a taken address gets 409 `email_taken`. " +
            "verify-first: always 202 with the same message, whether or not the address has an account; a new address is " +
            'mailed a link for POST /api/auth/register/confirm, a taken one a "you already have an account" mail.',
          requestBody: body(registerInput),
          responses: {
            201: respond("Created; sets the session cookie (immediate mode)", userBody),
            202: respond("Accepted: see your inbox (verify-first mode; the same for every address)", z.object({ message: z.string() })),
            ...errors(400, 403, 409, 413, 415, 429, 503),
          },
        },
      },
      "/api/auth/register/confirm": {
        post: {
          summary: "Create the account with the token mailed at verify-first registration, and sign in (single use; no session needed)",
          requestBody: body(confirmRegistrationInput),
          responses: {
            201: respond("Created, the address confirmed; sets the session cookie", userBody),
            ...errors(400, 403, 413, 415, 429, 503),
          },
        },
      },
      "/api/auth/login": {
        post: {
          summary: "Sign in (the password step)",
          description:
            "Without two-factor authentication this signs in. With it, no session is made: the answer is `secondFactorRequired` " +
            "and a short-lived challenge cookie (`session-2fa`) that only POST /api/auth/login/second-factor accepts.",
          requestBody: body(loginInput),
          responses: {
            200: respond(
              "Signed in and sets the session cookie, or a second factor is required",
              z.union([sessionBody, secondFactorRequired]),
            ),
            ...errors(400, 401, 403, 413, 415, 429, 503),
          },
        },
      },
      "/api/auth/login/second-factor": {
        post: {
          summary: "Finish a two-factor sign-in with a code from the authenticator app or a recovery code",
          description:
            "Needs the challenge cookie of the password step. Each code works once. Five wrong codes end the pending sign-in; " +
            "RATE_LIMIT_SECOND_FACTOR_FAILURES wrong codes per account in 15 minutes answer 429.",
          requestBody: body(secondFactorInput),
          responses: {
            200: respond("Signed in; sets the session cookie, clears the challenge cookie", sessionBody),
            ...errors(400, 401, 403, 413, 415, 429, 503),
          },
        },
      },
      "/api/auth/reauthenticate": {
        post: {
          summary: "Enter the password again, for changes that need a recent sign-in",
          security: cookieAuth,
          requestBody: body(reauthenticateInput),
          responses: {
            200: respond("Confirmed; the browser continues on a new session (new cookie)", z.object({ session })),
            ...errors(400, 401, 403, 413, 415, 429, 503),
          },
        },
      },
      "/api/auth/step-up": {
        post: {
          summary: "Confirm this session with a second factor (an app code or a recovery code), for routes that need aal2",
          description:
            "What a 403 `step_up_required` asks for. The browser continues on a new aal2 session (new cookie), no longer-lived " +
            "than this one. Wrong codes count against the account as at sign-in; an account without two-factor gets 409 `two_factor_not_enabled`.",
          security: cookieAuth,
          requestBody: body(secondFactorInput),
          responses: {
            200: respond("Confirmed; the browser continues on a new session (new cookie)", z.object({ session })),
            ...errors(400, 401, 403, 409, 413, 415, 429, 503),
          },
        },
      },
      // Passkeys (issue 19): one block, from here to "/api/auth/password-reset/request".
      "/api/auth/passkeys": {
        get: {
          summary: "The signed-in account's passkeys",
          security: cookieAuth,
          responses: { 200: respond("Its passkeys, oldest first", z.object({ passkeys: z.array(passkey) })), ...errors(401, 503) },
        },
      },
      "/api/auth/passkeys/{id}": {
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
      },
      "/api/auth/passkeys/registration/options": {
        post: {
          summary: "Options for navigator.credentials.create() to add a passkey (recent sign-in needed)",
          description: freshSignInNeeded + " The challenge is bound to this session, works once, and lapses after 5 minutes.",
          security: cookieAuth,
          responses: { 200: respond("PublicKeyCredentialCreationOptionsJSON", webAuthnOptions), ...errors(400, 401, 403, 503) },
        },
      },
      "/api/auth/passkeys/registration": {
        post: {
          summary: "Add the passkey the browser created (its RegistrationResponseJSON, as @simplewebauthn/browser gives it)",
          description: "Needs user verification. Records `passkey_added` and mails the owner.",
          security: cookieAuth,
          requestBody: body(addPasskeyInput),
          responses: { 201: respond("Added", z.object({ passkey })), ...errors(400, 401, 403, 413, 415, 503) },
        },
      },
      "/api/auth/passkeys/sign-in/options": {
        post: {
          summary: "Options for a passwordless sign-in with a discoverable passkey (user verification required)",
          description: "Sets a short-lived attempt cookie the challenge is bound to: the answer must come from the same client.",
          responses: { 200: respond("PublicKeyCredentialRequestOptionsJSON", webAuthnOptions), ...errors(403, 503) },
        },
      },
      "/api/auth/passkeys/sign-in": {
        post: {
          summary: "Sign in with a passkey: a verified assertion starts a session (aal2, method `passkey`)",
          description:
            "Every refused assertion (unknown or removed passkey, replayed, another origin, lapsed or unbound challenge, counter gone " +
            "backwards, no user verification, bad signature) gets the same 400 `invalid_passkey`, and nothing is signed in. " +
            "Throttled like password sign-ins (per address, then the shared budget).",
          requestBody: body(passkeySignInInput),
          responses: { 200: respond("Signed in", sessionBody), ...errors(400, 403, 413, 415, 429, 503) },
        },
      },
      "/api/auth/passkeys/second-factor/options": {
        post: {
          summary: "Options for finishing a two-factor sign-in with one of the account's passkeys (after the password step)",
          responses: { 200: respond("PublicKeyCredentialRequestOptionsJSON", webAuthnOptions), ...errors(401, 403, 503) },
        },
      },
      "/api/auth/passkeys/second-factor": {
        post: {
          summary: "Finish a two-factor sign-in with a passkey in place of the app code (aal2, method `password+passkey`)",
          description:
            "Each answer takes one of the pending sign-in's attempts, like a code. A refused assertion gets 400 `invalid_passkey`.",
          requestBody: body(passkeySecondFactorInput),
          responses: { 200: respond("Signed in", sessionBody), ...errors(400, 401, 403, 413, 415, 503) },
        },
      },
      "/api/auth/passkeys/step-up/options": {
        post: {
          summary: "Options for confirming this session with one of the account's passkeys (step-up to aal2)",
          description: "The challenge is bound to this session, works once, and lapses after 5 minutes.",
          security: cookieAuth,
          responses: { 200: respond("PublicKeyCredentialRequestOptionsJSON", webAuthnOptions), ...errors(401, 403, 503) },
        },
      },
      "/api/auth/passkeys/step-up": {
        post: {
          summary: "Confirm this session with a passkey, for routes that need aal2 (the answer to 403 `step_up_required`)",
          description:
            "The browser continues on a new aal2 session (new cookie), no longer-lived than this one: method `passkey` with user " +
            "verification, else `password+passkey`. A refused assertion gets 400 `invalid_passkey` and changes nothing.",
          security: cookieAuth,
          requestBody: body(passkeySecondFactorInput),
          responses: {
            200: respond("Confirmed; the browser continues on a new session (new cookie)", z.object({ session })),
            ...errors(400, 401, 403, 413, 415, 503),
          },
        },
      },
      "/api/auth/password-reset/request": {
        post: {
          summary: "Email a password reset link (the same answer whether or not the account exists)",
          requestBody: body(requestPasswordResetInput),
          responses: { 202: respond("Accepted", z.object({ message: z.string() })), ...errors(400, 403, 413, 415, 429) },
        },
      },
      "/api/auth/password-reset/confirm": {
        post: {
          summary:
            "Set a new password with the emailed token (single use; ends every session of the account and voids its other links and pending sign-ins)",
          requestBody: body(confirmPasswordResetInput),
          responses: {
            204: respond("Password changed; every session ended"),
            ...errors(400, 403, 413, 415, 429, 503),
          },
        },
      },
      "/api/auth/email-verification/confirm": {
        post: {
          summary: "Confirm the email address with the mailed token (single use; no session needed)",
          requestBody: body(confirmEmailVerificationInput),
          responses: { 204: respond("Address confirmed"), ...errors(400, 403, 413, 415, 429, 503) },
        },
      },
      "/api/auth/email-change/confirm": {
        post: {
          summary:
            "Take the new address with the token mailed to it (single use; no session needed). Ends every session of the account; a client signed in to it continues on a new one",
          requestBody: body(confirmEmailChangeInput),
          responses: {
            204: respond(
              "The account now uses the new address (confirmed); the old one is told. Sets a new session cookie if this client was signed in to the account",
            ),
            ...errors(400, 403, 409, 413, 415, 429, 503),
          },
        },
      },
      "/api/auth/logout": {
        post: { summary: "Sign out (ends the session)", responses: { 204: respond("Signed out; cookie cleared"), ...errors(403, 415) } },
      },
      "/api/auth/session": {
        get: {
          summary: "The current session",
          security: cookieAuth,
          responses: { 200: respond("Signed in", sessionBody), ...errors(401, 503) },
        },
      },
      "/api/auth/session/status": {
        get: {
          summary: "Whether this browser's session is still there, and how long until its deadlines",
          description:
            "What open tabs poll (about once a second while visible). Never renews the session, updates nothing and sends no cookie: " +
            "it costs the store no write. `idleWarningSeconds`: how long before the idle deadline to warn; from then on " +
            "GET /api/auth/session renews it.",
          security: cookieAuth,
          responses: { 200: respond("The session's state (also when signed out)", sessionStatus), ...errors(503) },
        },
      },
      "/api/users/me": {
        get: {
          summary: "The signed-in user",
          security: cookieAuth,
          responses: { 200: respond("The user", userBody), ...errors(401, 503) },
        },
        patch: {
          summary: "Change your name",
          security: cookieAuth,
          requestBody: body(updateOwnProfileInput),
          responses: { 200: respond("Updated", userBody), ...errors(400, 401, 403, 415, 503) },
        },
      },
      "/api/users/me/email-verification": {
        post: {
          summary: "Mail the link that confirms your email address again",
          security: cookieAuth,
          responses: {
            200: respond("Already confirmed; nothing sent", z.object({ message: z.string() })),
            202: respond("Sent", z.object({ message: z.string() })),
            ...errors(401, 403, 429, 503),
          },
        },
      },
      "/api/users/me/email": {
        post: {
          summary: "Ask to change your email address: the password, then a link mailed to the new address",
          description:
            "REGISTRATION_MODE=immediate: a taken address gets 409 `email_taken`. verify-first: 202 with the same body whether " +
            "or not the address is taken; a taken address's owner is told by mail, and no link is sent.",
          security: cookieAuth,
          requestBody: body(requestEmailChangeInput),
          responses: {
            202: respond("Link sent to the new address (if it can be used), notice to the old one", z.object({ message: z.string() })),
            ...errors(400, 401, 403, 409, 413, 415, 429, 503),
          },
        },
      },
      "/api/users/me/password": {
        post: {
          summary: "Change your password (ends your other sessions, rotates this one, voids the account's links and pending sign-ins)",
          security: cookieAuth,
          requestBody: body(changePasswordInput),
          responses: { 204: respond("Changed; sets a new session cookie"), ...errors(400, 401, 403, 415, 503) },
        },
      },
      "/api/users/me/two-factor": {
        get: {
          summary: "Whether two-factor authentication is on",
          security: cookieAuth,
          responses: { 200: respond("Status", twoFactorStatus), ...errors(401, 503) },
        },
      },
      "/api/users/me/two-factor/setup": {
        post: {
          summary: "Start setting up two-factor authentication: a new key for the authenticator app (recent sign-in needed)",
          security: cookieAuth,
          responses: {
            200: respond(
              "The key, as text, as an otpauth:// URI and as a QR code (PNG data URL)",
              z.object({ secret: z.string(), uri: z.string(), qrCode: z.string() }),
            ),
            ...errors(401, 403, 409, 503),
          },
        },
      },
      "/api/users/me/two-factor/enable": {
        post: {
          summary:
            "Turn two-factor authentication on with a first code from the app (recent sign-in needed; ends your other sessions, rotates this one)",
          security: cookieAuth,
          requestBody: body(secondFactorInput),
          responses: {
            200: respond("On; the ten recovery codes. Sets a new session cookie", recoveryCodes),
            ...errors(400, 401, 403, 409, 413, 415, 503),
          },
        },
      },
      "/api/users/me/two-factor/disable": {
        post: {
          summary:
            "Turn two-factor authentication off: the password and a code (from the app, or a recovery code). Ends your other sessions, rotates this one",
          security: cookieAuth,
          requestBody: body(disableTwoFactorInput),
          responses: {
            204: respond("Off; the key and recovery codes are deleted. Sets a new session cookie"),
            ...errors(400, 401, 403, 409, 413, 415, 429, 503),
          },
        },
      },
      "/api/users/me/two-factor/recovery-codes": {
        post: {
          summary: "Replace the recovery codes (a code and a recent sign-in needed)",
          security: cookieAuth,
          requestBody: body(secondFactorInput),
          responses: {
            200: respond("The new codes; the old ones stop working", recoveryCodes),
            ...errors(400, 401, 403, 409, 413, 415, 429, 503),
          },
        },
      },
      "/api/users/me/export": {
        get: {
          summary: "Download your data: your account, sessions and whole activity",
          description:
            "Needs an aal2 session signed in or stepped up within the last 15 minutes: else 403 `step_up_required` (POST /api/auth/step-up).",
          security: cookieAuth,
          responses: {
            200: respond(
              "Everything the account holds",
              z.object({ exportedAt: z.iso.datetime(), user, sessions: z.array(session), events: z.array(securityEvent) }),
            ),
            ...errors(401, 403, 503),
          },
        },
      },
      "/api/users/me/activity": {
        get: {
          summary: "Your security activity, newest first",
          security: cookieAuth,
          requestParams: { query: activityQuery },
          responses: {
            200: respond("A page of events", z.object({ events: z.array(securityEvent), nextCursor: z.string().nullable() })),
            ...errors(400, 401, 503),
          },
        },
      },
      "/api/sessions": {
        get: {
          summary: "Your active sessions",
          security: cookieAuth,
          responses: { 200: respond("Sessions", z.object({ sessions: z.array(session) })), ...errors(401, 503) },
        },
      },
      "/api/sessions/{id}": {
        delete: {
          summary: "End one of your sessions",
          description: `Ending another session: ${freshSignInNeeded} Ending the current one (signing out) never needs it.`,
          security: cookieAuth,
          requestParams: { path: sessionIdParams },
          responses: { 204: respond("Ended"), ...errors(401, 403, 404, 503) },
        },
      },
      "/api/sessions/revoke-others": {
        post: {
          summary: "End all your other sessions",
          description: freshSignInNeeded,
          security: cookieAuth,
          responses: { 200: respond("Ended", z.object({ revoked: z.number().int() })), ...errors(401, 403, 503) },
        },
      },
      "/api/users": {
        get: {
          summary: "Search users (administrators)",
          security: cookieAuth,
          requestParams: { query: listUsersQuery },
          responses: {
            200: respond("A page of users", z.object({ users: z.array(user), nextCursor: z.string().nullable() })),
            ...errors(400, 401, 403, 503),
          },
        },
      },
      "/api/users/{id}": {
        get: {
          summary: "A user (administrators)",
          security: cookieAuth,
          requestParams: { path: userIdParams },
          responses: { 200: respond("The user", userBody), ...errors(401, 403, 404, 503) },
        },
        patch: {
          summary: "Change a user's name, role or status (administrators; recent sign-in needed)",
          description: freshSignInNeeded,
          security: cookieAuth,
          requestParams: { path: userIdParams },
          requestBody: body(updateUserInput),
          responses: { 200: respond("Updated", userBody), ...errors(400, 401, 403, 404, 409, 415, 503) },
        },
        delete: {
          summary: "Delete a user (administrators; recent sign-in needed)",
          description: freshSignInNeeded,
          security: cookieAuth,
          requestParams: { path: userIdParams },
          responses: { 204: respond("Deleted"), ...errors(401, 403, 404, 409, 503) },
        },
      },
      "/api/users/{id}/sessions": {
        delete: {
          summary: "End all sessions of a user (administrators; recent sign-in needed)",
          description: freshSignInNeeded,
          security: cookieAuth,
          requestParams: { path: userIdParams },
          responses: { 200: respond("Ended", z.object({ revoked: z.number().int() })), ...errors(401, 403, 404, 503) },
        },
      },
      "/api/users/{id}/unlock": {
        post: {
          summary: "Lift a user's sign-in lock (administrators)",
          description:
            "Clears the consecutive failed passwords and wrong two-factor codes that locked the account for unknown devices " +
            "(RATE_LIMIT_ACCOUNT_MAX_FAILURES, RATE_LIMIT_SECOND_FACTOR_MAX_FAILURES).",
          security: cookieAuth,
          requestParams: { path: userIdParams },
          responses: { 200: respond("Unlocked", accountLockBody), ...errors(401, 403, 404, 503) },
        },
      },
      "/api/stats": {
        get: {
          summary: "Counts (administrators)",
          security: cookieAuth,
          responses: {
            200: respond(
              "Counts",
              z.object({ users: z.number().int(), activeSessions: z.number().int(), signInsLast24h: z.number().int() }),
            ),
            ...errors(401, 403, 503),
          },
        },
      },
    },
  });
}

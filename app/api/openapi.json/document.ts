import { createDocument } from "zod-openapi";
import { getConfig } from "@/lib/config";
import { challengeCookieName, sessionCookieName } from "@/lib/session-cookie";
import { contract as health } from "@/app/api/health/contract";
import { contract as healthLive } from "@/app/api/health/live/contract";
import { contract as openapiDocument } from "@/app/api/openapi.json/contract";
import { contract as metrics } from "@/app/api/metrics/contract";
import { contract as authRegister } from "@/app/api/auth/register/contract";
import { contract as authRegisterConfirm } from "@/app/api/auth/register/confirm/contract";
import { contract as authLogin } from "@/app/api/auth/login/contract";
import { contract as authLoginSecondFactor } from "@/app/api/auth/login/second-factor/contract";
import { contract as authReauthenticate } from "@/app/api/auth/reauthenticate/contract";
import { contract as authStepUp } from "@/app/api/auth/step-up/contract";
import { contract as authPasskeys } from "@/app/api/auth/passkeys/contract";
import { contract as authPasskeysId } from "@/app/api/auth/passkeys/[id]/contract";
import { contract as authPasskeysRegistrationOptions } from "@/app/api/auth/passkeys/registration/options/contract";
import { contract as authPasskeysRegistration } from "@/app/api/auth/passkeys/registration/contract";
import { contract as authPasskeysSignInOptions } from "@/app/api/auth/passkeys/sign-in/options/contract";
import { contract as authPasskeysSignIn } from "@/app/api/auth/passkeys/sign-in/contract";
import { contract as authPasskeysSecondFactorOptions } from "@/app/api/auth/passkeys/second-factor/options/contract";
import { contract as authPasskeysSecondFactor } from "@/app/api/auth/passkeys/second-factor/contract";
import { contract as authPasskeysStepUpOptions } from "@/app/api/auth/passkeys/step-up/options/contract";
import { contract as authPasskeysStepUp } from "@/app/api/auth/passkeys/step-up/contract";
import { contract as authPasswordResetRequest } from "@/app/api/auth/password-reset/request/contract";
import { contract as authPasswordResetConfirm } from "@/app/api/auth/password-reset/confirm/contract";
import { contract as authEmailVerificationConfirm } from "@/app/api/auth/email-verification/confirm/contract";
import { contract as authEmailChangeConfirm } from "@/app/api/auth/email-change/confirm/contract";
import { contract as authLogout } from "@/app/api/auth/logout/contract";
import { contract as authSession } from "@/app/api/auth/session/contract";
import { contract as authSessionStatus } from "@/app/api/auth/session/status/contract";
import { contract as usersMe } from "@/app/api/users/me/contract";
import { contract as usersMeEmailVerification } from "@/app/api/users/me/email-verification/contract";
import { contract as usersMeEmail } from "@/app/api/users/me/email/contract";
import { contract as usersMePassword } from "@/app/api/users/me/password/contract";
import { contract as usersMeTwoFactor } from "@/app/api/users/me/two-factor/contract";
import { contract as usersMeTwoFactorSetup } from "@/app/api/users/me/two-factor/setup/contract";
import { contract as usersMeTwoFactorEnable } from "@/app/api/users/me/two-factor/enable/contract";
import { contract as usersMeTwoFactorDisable } from "@/app/api/users/me/two-factor/disable/contract";
import { contract as usersMeTwoFactorRecoveryCodes } from "@/app/api/users/me/two-factor/recovery-codes/contract";
import { contract as usersMeActivity } from "@/app/api/users/me/activity/contract";
import { contract as usersMeExport } from "@/app/api/users/me/export/contract";
import { contract as sessions } from "@/app/api/sessions/contract";
import { contract as sessionsId } from "@/app/api/sessions/[id]/contract";
import { contract as sessionsRevokeOthers } from "@/app/api/sessions/revoke-others/contract";
import { contract as users } from "@/app/api/users/contract";
import { contract as usersId } from "@/app/api/users/[id]/contract";
import { contract as usersIdSessions } from "@/app/api/users/[id]/sessions/contract";
import { contract as usersIdUnlock } from "@/app/api/users/[id]/unlock/contract";
import { contract as stats } from "@/app/api/stats/contract";

// The API's contract: every route's own (its contract.ts), under the path it serves.
// e2e/openapi.spec.ts fails when a route is missing here or a method is not described.

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
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: sessionCookieName(),
          description: "`__Host-` prefixed when served over https.",
        },
        signInChallenge: {
          type: "apiKey",
          in: "cookie",
          name: challengeCookieName(),
          description: "A sign-in that passed the password and waits for its second factor (POST /api/auth/login).",
        },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN; not needed from the loopback address." },
      },
    },
    paths: {
      "/api/health": health,
      "/api/health/live": healthLive,
      "/api/openapi.json": openapiDocument,
      "/api/metrics": metrics,
      "/api/auth/register": authRegister,
      "/api/auth/register/confirm": authRegisterConfirm,
      "/api/auth/login": authLogin,
      "/api/auth/login/second-factor": authLoginSecondFactor,
      "/api/auth/reauthenticate": authReauthenticate,
      "/api/auth/step-up": authStepUp,
      "/api/auth/passkeys": authPasskeys,
      "/api/auth/passkeys/{id}": authPasskeysId,
      "/api/auth/passkeys/registration/options": authPasskeysRegistrationOptions,
      "/api/auth/passkeys/registration": authPasskeysRegistration,
      "/api/auth/passkeys/sign-in/options": authPasskeysSignInOptions,
      "/api/auth/passkeys/sign-in": authPasskeysSignIn,
      "/api/auth/passkeys/second-factor/options": authPasskeysSecondFactorOptions,
      "/api/auth/passkeys/second-factor": authPasskeysSecondFactor,
      "/api/auth/passkeys/step-up/options": authPasskeysStepUpOptions,
      "/api/auth/passkeys/step-up": authPasskeysStepUp,
      "/api/auth/password-reset/request": authPasswordResetRequest,
      "/api/auth/password-reset/confirm": authPasswordResetConfirm,
      "/api/auth/email-verification/confirm": authEmailVerificationConfirm,
      "/api/auth/email-change/confirm": authEmailChangeConfirm,
      "/api/auth/logout": authLogout,
      "/api/auth/session": authSession,
      "/api/auth/session/status": authSessionStatus,
      "/api/users/me": usersMe,
      "/api/users/me/email-verification": usersMeEmailVerification,
      "/api/users/me/email": usersMeEmail,
      "/api/users/me/password": usersMePassword,
      "/api/users/me/two-factor": usersMeTwoFactor,
      "/api/users/me/two-factor/setup": usersMeTwoFactorSetup,
      "/api/users/me/two-factor/enable": usersMeTwoFactorEnable,
      "/api/users/me/two-factor/disable": usersMeTwoFactorDisable,
      "/api/users/me/two-factor/recovery-codes": usersMeTwoFactorRecoveryCodes,
      "/api/users/me/export": usersMeExport,
      "/api/users/me/activity": usersMeActivity,
      "/api/sessions": sessions,
      "/api/sessions/{id}": sessionsId,
      "/api/sessions/revoke-others": sessionsRevokeOthers,
      "/api/users": users,
      "/api/users/{id}": usersId,
      "/api/users/{id}/sessions": usersIdSessions,
      "/api/users/{id}/unlock": usersIdUnlock,
      "/api/stats": stats,
    },
  });
}

import { expect } from "@playwright/test";
import { Secret, TOTP } from "otpauth";
import { type ApiResponse, call, registerUser } from "./api";

const step = 30_000;

/** What an authenticator app shows for `secret`, `offset` steps from now. */
export function appCode(secret: string, offset = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: Date.now() + offset * step });
}

/** The challenge cookie a password step sets, as `name=value`. */
export function challengeCookie(response: ApiResponse): string | null {
  return response.setCookies.map((c) => c.split(";")[0]!).find((pair) => /-2fa=./.test(pair)) ?? null;
}

/** A new account with 2FA on, signed in; its app has used the code of the current step. */
export async function userWithTwoFactor(baseURL: string) {
  const account = await registerUser(baseURL);
  const setup = await call(baseURL, "POST", "/api/users/me/two-factor/setup", { cookie: account.cookie });
  expect(setup.status).toBe(200);
  const { secret } = setup.body;
  const enabled = await call(baseURL, "POST", "/api/users/me/two-factor/enable", {
    cookie: account.cookie,
    json: { code: appCode(secret) },
  });
  expect(enabled.status).toBe(200);
  // Turning 2FA on ended every session: this client continues on the new one.
  expect(enabled.cookie).not.toBeNull();
  return { ...account, cookie: enabled.cookie!, secret: secret as string, recoveryCodes: enabled.body.recoveryCodes as string[] };
}

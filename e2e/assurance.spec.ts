import { expect, type Page, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser } from "./support/api";
import { appCode, challengeCookie, userWithTwoFactor } from "./support/two-factor";

// Issue 19: every session knows how strongly it was signed in, shows it, and a route can
// demand aal2 (GET /api/users/me/export: aal2 within 15 minutes). Stored with the session,
// so these run in every storage configuration.

const exportData = (baseURL: string, cookie: string) => call(baseURL, "GET", "/api/users/me/export", { cookie });
const stepUp = (baseURL: string, cookie: string, code: string) => call(baseURL, "POST", "/api/auth/step-up", { cookie, json: { code } });
const currentSession = async (baseURL: string, cookie: string) =>
  (await call(baseURL, "GET", "/api/auth/session", { cookie })).body.session;

async function signInWithAppCode(page: Page, account: { email: string; secret: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(goodPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByLabel("Authentication code").fill(appCode(account.secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

test("a password-only session gets 403 step_up_required on an aal2 route, and 200 once an app code steps it up", async ({ baseURL }) => {
  // Turning two-factor on continues on a new session proved by the password alone: aal1.
  const account = await userWithTwoFactor(baseURL!);
  expect(await currentSession(baseURL!, account.cookie)).toMatchObject({ assurance: "aal1", method: "password" });

  const refused = await exportData(baseURL!, account.cookie);
  expect(refused.status).toBe(403);
  expect(refused.body).toEqual({ error: { code: "step_up_required", message: expect.any(String) } });

  // A wrong code raises nothing.
  const wrong = await stepUp(baseURL!, account.cookie, "000000");
  expect(wrong.status).toBe(400);
  expect(wrong.body.error.code).toBe("invalid_code");
  expect(wrong.cookie).toBeNull();
  expect((await exportData(baseURL!, account.cookie)).status).toBe(403);

  const code = appCode(account.secret, 1);
  const raised = await stepUp(baseURL!, account.cookie, code);
  expect(raised.status).toBe(200);
  expect(raised.body.session).toMatchObject({ assurance: "aal2", method: "password+totp", current: true });
  const cookie = raised.cookie!;
  expect(cookie).not.toBe(account.cookie);
  // It continues on a new session, no longer-lived than the one it replaced; that one is over.
  expect(Date.parse(raised.body.session.absoluteExpiresAt)).toBeLessThanOrEqual(Date.now() + 24 * 3600_000 + 5000);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: account.cookie })).status).toBe(401);

  const allowed = await exportData(baseURL!, cookie);
  expect(allowed.status).toBe(200);
  expect(allowed.body.user.email).toBe(account.email);
  expect(allowed.body.sessions).toEqual([expect.objectContaining({ current: true, assurance: "aal2", method: "password+totp" })]);
  expect(allowed.body.events.map((event: { type: string }) => event.type)).toContain("stepped_up");

  // The same code cannot be used twice.
  const again = await stepUp(baseURL!, cookie, code);
  expect(again.status).toBe(400);
  expect(again.body.error.code).toBe("invalid_code");
});

test("an account without a second factor cannot step up: 409 two_factor_not_enabled, and the route stays closed", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  expect(await currentSession(baseURL!, account.cookie)).toMatchObject({ assurance: "aal1", method: "password" });
  const refused = await stepUp(baseURL!, account.cookie, "123456");
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe("two_factor_not_enabled");
  expect((await exportData(baseURL!, account.cookie)).status).toBe(403);
  // Signed out, the route asks for a sign-in, not a step-up.
  expect((await exportData(baseURL!, "")).body.error.code).toBe("unauthenticated");
});

test("sign-ins record their method: password + app code and password + recovery code are aal2, in the session and the sessions list", async ({
  baseURL,
}) => {
  const account = await userWithTwoFactor(baseURL!);
  const signInWith = async (code: string) => {
    const challenge = challengeCookie(await logIn(baseURL!, account.email, goodPassword));
    const done = await call(baseURL!, "POST", "/api/auth/login/second-factor", { cookie: challenge, json: { code } });
    expect(done.status).toBe(200);
    return done;
  };
  const withApp = await signInWith(appCode(account.secret, 1));
  expect(withApp.body.session).toMatchObject({ assurance: "aal2", method: "password+totp" });
  const withRecovery = await signInWith(account.recoveryCodes[0]!);
  expect(withRecovery.body.session).toMatchObject({ assurance: "aal2", method: "password+recovery-code" });
  expect((await exportData(baseURL!, withRecovery.cookie!)).status).toBe(200);

  const listed = await call(baseURL!, "GET", "/api/sessions", { cookie: withRecovery.cookie });
  const methods = listed.body.sessions.map((session: { method: string; assurance: string }) => `${session.method} ${session.assurance}`);
  expect(methods.sort()).toEqual(["password aal1", "password+recovery-code aal2", "password+totp aal2"]);

  // Entering only the password again leaves an aal2 session at aal1: a re-authentication is never stronger than what it used.
  const reauthenticated = await call(baseURL!, "POST", "/api/auth/reauthenticate", {
    cookie: withApp.cookie,
    json: { password: goodPassword },
  });
  expect(reauthenticated.status).toBe(200);
  expect(reauthenticated.body.session).toMatchObject({ assurance: "aal1", method: "password" });
  expect((await exportData(baseURL!, reauthenticated.cookie!)).status).toBe(403);
});

test("the sessions page says how each session was signed in", async ({ browser, baseURL }) => {
  const account = await userWithTwoFactor(baseURL!);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithAppCode(page, account);
  await page.goto("/account/sessions");
  const sessions = page.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This device" }).getByTestId("session-assurance")).toHaveText("Password + app code · AAL2");
  await expect(sessions.filter({ hasNotText: "This device" }).getByTestId("session-assurance")).toHaveText("Password · AAL1");
  await context.close();
});

test("the step-up page follows only a return path on this site, and takes a recovery code", async ({ browser, baseURL }) => {
  const account = await userWithTwoFactor(baseURL!);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithAppCode(page, account);
  await page.goto(`/step-up?next=${encodeURIComponent("https://evil.example/steal")}`);
  await expect(page.getByText("This session was signed in with password + app code (AAL2).")).toBeVisible();
  await page.getByLabel("Authentication code").fill(account.recoveryCodes[0]!);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
  await page.goto("/account/sessions");
  await expect(page.getByTestId("session").filter({ hasText: "This device" }).getByTestId("session-assurance")).toHaveText(
    "Password + recovery code · AAL2",
  );
  await context.close();
});

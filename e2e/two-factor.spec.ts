import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser } from "./support/api";
import { signInThroughForm } from "./support/browser";
import { type TestServer, startServer } from "./support/server";
import { appCode, challengeCookie, userWithTwoFactor } from "./support/two-factor";

// Two-factor sign-in: an authenticator app's codes (computed here from the key the
// app would scan) and recovery codes.

/** The password step; returns the challenge cookie. */
async function passwordStep(baseURL: string, email: string) {
  const response = await logIn(baseURL, email);
  expect(response.status).toBe(200);
  expect(response.body).toMatchObject({ secondFactorRequired: true });
  expect(response.body.user).toBeUndefined();
  expect(response.cookie).toBeNull();
  return challengeCookie(response)!;
}

const secondStep = (baseURL: string, cookie: string | null, code: string) =>
  call(baseURL, "POST", "/api/auth/login/second-factor", { cookie, json: { code } });

test("enable 2FA → sign out → password + app code → recovery code → that recovery code again fails", async ({ browser, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = async (code: string) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(goodPassword);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/login\/second-factor\?next=%2Fdashboard$/);
    // Nothing is signed in yet: a protected page still sends to the login page.
    expect((await context.request.get("/api/auth/session")).status()).toBe(401);
    await page.getByLabel("Authentication code").fill(code);
    await page.getByRole("button", { name: "Continue" }).click();
  };
  const signOut = async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
  };

  await signInThroughForm(page, email);
  await page.goto("/account/security");
  await expect(page.getByRole("link", { name: "Set up two-factor authentication" })).toHaveAttribute("href", "/account/two-factor");
  await page.goto("/account/two-factor");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const qr = page.getByRole("img", { name: "QR code holding the two-factor key" });
  await expect(qr).toHaveAttribute("src", /^data:image\/png;base64,/);
  // Drawn, so the CSP let the data: URL through.
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  await page.getByLabel("Code from your authenticator app").fill(appCode(secret));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allTextContents();
  // 120 random bits: 24 base32 characters in six groups of four.
  expect(recoveryCodes[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
  await page.getByRole("link", { name: "I have saved them" }).click();
  await expect(page.getByTestId("two-factor-status")).toContainText("10 of 10 recovery codes left");
  // Shown once: gone from the page, and nowhere to be had again.
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Make new recovery codes" })).toBeVisible();
  await signOut();

  // The code of the current step was used to turn 2FA on: the app's next one.
  await signIn(appCode(secret, 1));
  await expect(page).toHaveURL(/\/dashboard$/);
  await signOut();

  await signIn(recoveryCodes[0]!);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/account/security");
  await expect(page.getByTestId("activity")).toContainText("Signed in with a recovery code");
  await signOut();

  await signIn(recoveryCodes[0]!);
  await expect(page.getByRole("alert").filter({ hasText: "Please correct the marked fields." })).toBeVisible();
  await expect(page.getByText("This code is incorrect or has already been used.")).toBeVisible();
  await expect(page).toHaveURL(/\/login\/second-factor/);
  await context.close();
});

test("after the password, the pending sign-in opens nothing but the code step", async ({ baseURL }) => {
  const { email, secret } = await userWithTwoFactor(baseURL!);
  const challenge = await passwordStep(baseURL!, email);
  for (const path of ["/api/auth/session", "/api/users/me", "/api/sessions", "/api/users/me/two-factor"]) {
    expect((await call(baseURL!, "GET", path, { cookie: challenge })).status, path).toBe(401);
  }
  // Its seal under the session cookie's name is no session either.
  const asSession = challenge.replace(/-2fa=/, "=");
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: asSession })).status).toBe(401);
  const page = await call(baseURL!, "GET", "/dashboard", { cookie: `${challenge}; ${asSession}` });
  expect(page.status).toBe(307);
  expect(page.headers.get("location")).toMatch(/\/login\?next=%2Fdashboard$/);

  expect((await secondStep(baseURL!, null, appCode(secret, 1))).body.error.code).toBe("sign_in_expired");
  const wrong = await secondStep(baseURL!, challenge, "000000");
  expect(wrong.status).toBe(400);
  expect(wrong.body.error).toMatchObject({ code: "invalid_code", fields: { code: [expect.any(String)] } });

  const done = await secondStep(baseURL!, challenge, appCode(secret, 1));
  expect(done.status).toBe(200);
  expect(done.body.user.email).toBe(email);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: done.cookie })).status).toBe(200);
  expect(done.setCookies.some((c) => /-2fa=;/.test(c))).toBe(true);
  // A challenge completes once.
  expect((await secondStep(baseURL!, challenge, appCode(secret, 1))).status).toBe(401);
});

test("a code that signed in once cannot sign in again, and a recovery code works once", async ({ baseURL }) => {
  const { email, secret, recoveryCodes } = await userWithTwoFactor(baseURL!);
  const code = appCode(secret, 1);
  expect((await secondStep(baseURL!, await passwordStep(baseURL!, email), code)).status).toBe(200);
  const replay = await secondStep(baseURL!, await passwordStep(baseURL!, email), code);
  expect(replay.status).toBe(400);
  expect(replay.body.error.code).toBe("invalid_code");
  // The code the app showed before it is older still (and within the accepted drift).
  expect((await secondStep(baseURL!, await passwordStep(baseURL!, email), appCode(secret, -1))).status).toBe(400);

  const recovery = recoveryCodes[3]!.toLowerCase();
  expect((await secondStep(baseURL!, await passwordStep(baseURL!, email), recovery)).status).toBe(200);
  expect((await secondStep(baseURL!, await passwordStep(baseURL!, email), recovery)).status).toBe(400);
  const status = await call(baseURL!, "GET", "/api/users/me/two-factor", {
    cookie: (await secondStep(baseURL!, await passwordStep(baseURL!, email), recoveryCodes[4]!)).cookie,
  });
  expect(status.body.twoFactor).toMatchObject({ enabled: true, recoveryCodesLeft: 8 });
});

test("wrong codes end the pending sign-in after 5, and lock the account's codes after 10", async ({ baseURL }) => {
  const { email, secret } = await userWithTwoFactor(baseURL!);
  const first = await passwordStep(baseURL!, email);
  for (let i = 0; i < 5; i++) expect((await secondStep(baseURL!, first, "000000")).status).toBe(400);
  const ended = await secondStep(baseURL!, first, appCode(secret, 1));
  expect(ended.status).toBe(401);
  expect(ended.body.error.code).toBe("sign_in_expired");

  const second = await passwordStep(baseURL!, email);
  for (let i = 0; i < 4; i++) expect((await secondStep(baseURL!, second, "000000")).status).toBe(400);
  const third = await passwordStep(baseURL!, email);
  expect((await secondStep(baseURL!, third, "000000")).status).toBe(400);
  // Ten wrong codes on the account: even the right one is refused for now.
  const locked = await secondStep(baseURL!, third, appCode(secret, 1));
  expect(locked.status).toBe(429);
  expect(locked.body.error.code).toBe("rate_limited");
  expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
});

test("parallel guesses on one pending sign-in: five are checked, the rest find it ended", async ({ baseURL }) => {
  const { email } = await userWithTwoFactor(baseURL!);
  const challenge = await passwordStep(baseURL!, email);
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => secondStep(baseURL!, challenge, String(200000 + i))));
  const codes = answers.map((answer) => answer.body.error.code);
  expect(codes.filter((code) => code === "invalid_code")).toHaveLength(5);
  expect(codes.filter((code) => code === "sign_in_expired")).toHaveLength(15);
});

test("turning 2FA off needs the password and a code; then the password alone signs in", async ({ baseURL }) => {
  const { email, cookie, secret } = await userWithTwoFactor(baseURL!);
  const disable = (json: object) => call(baseURL!, "POST", "/api/users/me/two-factor/disable", { cookie, json });
  const noPassword = await disable({ code: appCode(secret, 1) });
  expect(noPassword.status).toBe(400);
  expect(noPassword.body.error.fields.password).toBeDefined();
  expect((await disable({ password: "not my password at all", code: appCode(secret, 1) })).body.error.fields.password).toEqual([
    "The password is incorrect.",
  ]);
  expect((await disable({ password: goodPassword })).status).toBe(400);
  expect((await disable({ password: goodPassword, code: "999999" })).body.error.code).toBe("invalid_code");
  expect((await disable({ password: goodPassword, code: appCode(secret, 1) })).status).toBe(204);

  const signedIn = await logIn(baseURL!, email);
  expect(signedIn.status).toBe(200);
  expect(signedIn.cookie).not.toBeNull();
  const activity = await call(baseURL!, "GET", "/api/users/me/activity", { cookie: signedIn.cookie });
  const types = activity.body.events.map((event: { type: string }) => event.type);
  expect(types).toEqual(
    expect.arrayContaining(["two_factor_setup_started", "two_factor_enabled", "second_factor_failed", "two_factor_disabled"]),
  );
});

test.describe("fresh sign-in", () => {
  let server: TestServer;
  test.beforeAll(async () => {
    server = await startServer({ FRESH_SIGN_IN_MAX_AGE: "5" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("two-factor changes need a sign-in within FRESH_SIGN_IN_MAX_AGE, or the password again", async ({ browser }) => {
    const { cookie } = await registerUser(server.url);
    const signedIn = (await call(server.url, "GET", "/api/auth/session", { cookie })).body.session;
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const stale = await call(server.url, "POST", "/api/users/me/two-factor/setup", { cookie });
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe("reauthentication_required");

    const reauthenticate = (password: string) => call(server.url, "POST", "/api/auth/reauthenticate", { cookie, json: { password } });
    expect((await reauthenticate("not my password at all")).status).toBe(400);
    const confirmed = await reauthenticate(goodPassword);
    expect(confirmed.status).toBe(200);
    // Fresh, but no longer-lived than the sign-in it continues.
    expect(confirmed.body.session.absoluteExpiresAt).toBe(signedIn.absoluteExpiresAt);
    expect(confirmed.body.session.createdAt > signedIn.createdAt).toBe(true);
    // A new session: the old cookie is ended.
    expect((await call(server.url, "GET", "/api/auth/session", { cookie })).status).toBe(401);
    expect((await call(server.url, "POST", "/api/users/me/two-factor/setup", { cookie: confirmed.cookie })).status).toBe(200);

    // The page asks for the password, then goes on.
    const { email } = await registerUser(server.url);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signInThroughForm(page, email);
    await page.waitForTimeout(5_500);
    await page.goto("/account/two-factor");
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Set up two-factor authentication" })).toHaveCount(0);
    await page.getByLabel("Password").fill(goodPassword);
    await page.getByRole("button", { name: "Confirm password" }).click();
    await expect(page.getByRole("button", { name: "Set up two-factor authentication" })).toBeVisible();
    await context.close();
  });
});

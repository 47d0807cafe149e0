import { expect, test } from "@playwright/test";
import { createAdmin } from "../support/admin";
import { call, registerUser } from "../support/api";
import { signInThroughForm } from "../support/browser";
import { startServer, type TestServer } from "../support/server";
import { appCode } from "../support/two-factor";

// ADMIN_REQUIRE_AAL2=true: a stolen administrator's password (or a password-only session)
// reads and changes nothing in the admin area until a second factor confirms the session.
// The gate reads the session's level, whose storage e2e/assurance.spec.ts runs in every
// configuration: one is enough here.

let server: TestServer;
test.beforeAll(async () => {
  server = await startServer({ ADMIN_REQUIRE_AAL2: "true" });
});
test.afterAll(async () => {
  await server?.stop();
});

/** Turns two-factor on for the session's account; returns the key and the (aal1) session it continues on. */
async function turnOnTwoFactor(cookie: string) {
  const setup = await call(server.url, "POST", "/api/users/me/two-factor/setup", { cookie });
  expect(setup.status).toBe(200);
  const enabled = await call(server.url, "POST", "/api/users/me/two-factor/enable", { cookie, json: { code: appCode(setup.body.secret) } });
  expect(enabled.status).toBe(200);
  return { secret: setup.body.secret as string, cookie: enabled.cookie! };
}

test(
  "API: an administrator's password-only session gets 403 step_up_required on every admin route; after a step-up, 200",
  { tag: "@once" },
  async () => {
    const admin = await createAdmin(server.url, server.env);
    const target = await registerUser(server.url);
    const adminRoutes: Array<[string, string, unknown?]> = [
      ["GET", "/api/users"],
      ["GET", "/api/stats"],
      ["GET", `/api/users/${target.user.id}`],
      ["PATCH", `/api/users/${target.user.id}`, { name: "Renamed" }],
      ["DELETE", `/api/users/${target.user.id}/sessions`],
    ];
    for (const [method, path, json] of adminRoutes) {
      const refused = await call(server.url, method, path, { cookie: admin.cookie, json });
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body).toEqual({ error: { code: "step_up_required", message: expect.any(String) } });
    }
    // Nothing changed, and the administrator's own account is not the admin area.
    expect((await call(server.url, "GET", "/api/users/me", { cookie: target.cookie })).body.user.name).toBe("Test User");
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: target.cookie })).status).toBe(200);
    expect((await call(server.url, "GET", "/api/users/me", { cookie: admin.cookie })).status).toBe(200);
    // Another role is told it is not allowed, before anything about its level.
    expect((await call(server.url, "GET", "/api/users", { cookie: target.cookie })).body.error.code).toBe("forbidden");

    const { secret, cookie } = await turnOnTwoFactor(admin.cookie);
    expect((await call(server.url, "GET", "/api/users", { cookie })).body.error.code).toBe("step_up_required");
    const raised = await call(server.url, "POST", "/api/auth/step-up", { cookie, json: { code: appCode(secret, 1) } });
    expect(raised.status).toBe(200);
    for (const [method, path, json] of adminRoutes) {
      const done = await call(server.url, method, path, { cookie: raised.cookie!, json });
      expect(done.status, `${method} ${path}`).toBeLessThan(300);
    }
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: target.cookie })).status).toBe(401);
  },
);

test(
  "page: the admin area sends a password-only session to the step-up prompt, and an app code brings it back",
  { tag: "@once" },
  async ({ browser }) => {
    const admin = await createAdmin(server.url, server.env);
    const withoutSecondFactor = await createAdmin(server.url, server.env);

    // No second factor: the prompt says so and points to setting one up.
    const first = await browser.newContext({ baseURL: server.url });
    const page = await first.newPage();
    await signInThroughForm(page, withoutSecondFactor.email);
    await page.goto("/admin/users?q=ada");
    await expect(page).toHaveURL(/\/step-up\?next=%2Fadmin%2Fusers%3Fq%3Dada$/);
    await expect(page.getByTestId("step-up-unavailable")).toContainText("no second factor");
    await expect(page.getByRole("link", { name: "Set up two-factor authentication" })).toHaveAttribute("href", "/account/two-factor");
    await expect(page.getByLabel("Authentication code")).toHaveCount(0);
    await first.close();

    // Two-factor turned on in the browser: the session it continues on is still aal1.
    const context = await browser.newContext({ baseURL: server.url });
    const browserPage = await context.newPage();
    await signInThroughForm(browserPage, admin.email);
    await browserPage.goto("/account/two-factor");
    await browserPage.getByRole("button", { name: "Set up two-factor authentication" }).click();
    const secret = (await browserPage.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
    await browserPage.getByLabel("Code from your authenticator app").fill(appCode(secret));
    await browserPage.getByRole("button", { name: "Turn on two-factor authentication" }).click();
    await expect(browserPage.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);

    await browserPage.goto("/admin/users?q=ada");
    await expect(browserPage).toHaveURL(/\/step-up\?next=/);
    await expect(browserPage.getByRole("heading", { name: "Users" })).toHaveCount(0);
    await browserPage.getByLabel("Authentication code").fill("000000");
    await browserPage.getByRole("button", { name: "Confirm" }).click();
    await expect(browserPage.getByText("This code is incorrect or has already been used.").first()).toBeVisible();
    await browserPage.getByLabel("Authentication code").fill(appCode(secret, 1));
    await browserPage.getByRole("button", { name: "Confirm" }).click();
    await expect(browserPage).toHaveURL(/\/admin\/users\?q=ada$/);
    await expect(browserPage.getByRole("heading", { name: "Users" })).toBeVisible();
    await browserPage.goto("/account/sessions");
    await expect(browserPage.getByTestId("session").filter({ hasText: "This device" }).getByTestId("session-assurance")).toHaveText(
      "Password + app code · AAL2",
    );
    await context.close();
  },
);

test.describe("past FRESH_SIGN_IN_MAX_AGE", () => {
  // Long enough for the two-factor setup, which needs a fresh sign-in too, on a busy machine.
  const freshSignInMaxAge = 10;
  let shortServer: TestServer;
  test.beforeAll(async () => {
    shortServer = await startServer({ ADMIN_REQUIRE_AAL2: "true", FRESH_SIGN_IN_MAX_AGE: String(freshSignInMaxAge) });
  });
  test.afterAll(async () => {
    await shortServer?.stop();
  });

  test(
    "the admin user page asks for the second factor, not the password (which would leave the session at aal1)",
    { tag: "@once" },
    async ({ browser }) => {
      const admin = await createAdmin(shortServer.url, shortServer.env);
      const target = await registerUser(shortServer.url);
      const context = await browser.newContext({ baseURL: shortServer.url });
      const page = await context.newPage();
      await signInThroughForm(page, admin.email);
      await page.goto("/account/two-factor");
      await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
      const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
      await page.getByLabel("Code from your authenticator app").fill(appCode(secret));
      await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
      const listed = page.getByTestId("recovery-codes").getByRole("listitem");
      await expect(listed).toHaveCount(10);
      const recoveryCodes = await listed.allTextContents();

      await page.goto(`/admin/users/${target.user.id}`);
      await expect(page).toHaveURL(/\/step-up\?next=/);
      await page.getByLabel("Authentication code").fill(appCode(secret, 1));
      await page.getByRole("button", { name: "Confirm" }).click();
      await expect(page).toHaveURL(`${shortServer.url}/admin/users/${target.user.id}`);
      await expect(page.getByRole("button", { name: "Change role" })).toBeVisible();

      await new Promise((resolve) => setTimeout(resolve, freshSignInMaxAge * 1000 + 750));
      await page.reload();
      await expect(page.getByRole("button", { name: "Change role" })).toHaveCount(0);
      await expect(page.getByLabel("Password", { exact: true })).toHaveCount(0);
      await page.getByRole("link", { name: "Confirm with your second factor" }).click();
      await expect(page).toHaveURL(/\/step-up\?next=/);
      await page.getByLabel("Authentication code").fill(recoveryCodes[0]!);
      await page.getByRole("button", { name: "Confirm" }).click();
      await expect(page).toHaveURL(`${shortServer.url}/admin/users/${target.user.id}`);
      await expect(page.getByRole("button", { name: "Change role" })).toBeVisible();
      await context.close();
    },
  );
});

import { expect, type Page, test } from "@playwright/test";
import { createAdmin, runAdminCli } from "../support/admin";
import { call, goodPassword, logIn, registerUser } from "../support/api";
import { signInThroughForm } from "../support/browser";
import { startServer, type TestServer } from "../support/server";

// A8: an administrator's session signed in long ago (a shared machine, a stolen cookie)
// changes no account until the password is entered again, in the API and on the pages.
// The gate reads the session's age, which every store keeps alike: one configuration is enough
// (e2e/two-factor.spec.ts runs the same fresh-sign-in rule in all three).

const freshSignInMaxAge = 5;
/** Sleeps until a sign-in made before the call is no longer fresh, with a margin. */
const pastTheWindow = () => new Promise((resolve) => setTimeout(resolve, freshSignInMaxAge * 1000 + 750));

let server: TestServer;
test.beforeAll(async () => {
  server = await startServer({ FRESH_SIGN_IN_MAX_AGE: String(freshSignInMaxAge) });
});
test.afterAll(async () => {
  await server?.stop();
});

test(
  "API: past the window every admin change gets 403 reauthentication_required and changes nothing; after the password again each goes through",
  { tag: "@once" },
  async () => {
    const admin = await createAdmin(server.url, server.env);
    const target = await registerUser(server.url);
    const disabled = await registerUser(server.url);
    runAdminCli(server.env, ["disable", "--email", disabled.email]);
    const signedIn = await registerUser(server.url);
    const doomed = await registerUser(server.url);
    await pastTheWindow();

    const changes: Array<[string, string, unknown?]> = [
      ["PATCH", `/api/users/${target.user.id}`, { role: "admin" }],
      ["PATCH", `/api/users/${target.user.id}`, { name: "Renamed" }],
      ["PATCH", `/api/users/${target.user.id}`, { disabled: true }],
      ["PATCH", `/api/users/${disabled.user.id}`, { disabled: false }],
      ["DELETE", `/api/users/${signedIn.user.id}/sessions`],
      ["DELETE", `/api/users/${doomed.user.id}`],
    ];
    for (const [method, path, json] of changes) {
      const refused = await call(server.url, method, path, { cookie: admin.cookie, json });
      expect(refused.status, `${method} ${path} ${JSON.stringify(json)}`).toBe(403);
      expect(refused.body.error).toMatchObject({ code: "reauthentication_required", message: expect.any(String) });
    }

    // Nothing changed. (Reading needs no fresh sign-in.)
    const read = (cookie: string, id: string) => call(server.url, "GET", `/api/users/${id}`, { cookie });
    const sessionStatus = async (cookie: string) => (await call(server.url, "GET", "/api/auth/session", { cookie })).status;
    expect((await read(admin.cookie, target.user.id)).body.user).toMatchObject({ role: "user", name: "Test User", disabledAt: null });
    expect((await read(admin.cookie, disabled.user.id)).body.user.disabledAt).not.toBeNull();
    expect((await read(admin.cookie, doomed.user.id)).status).toBe(200);
    for (const cookie of [target.cookie, signedIn.cookie, doomed.cookie]) expect(await sessionStatus(cookie)).toBe(200);
    const targetActivity = await call(server.url, "GET", "/api/users/me/activity", { cookie: target.cookie });
    expect(targetActivity.body.events.filter((event: { actorId: string | null }) => event.actorId !== null)).toEqual([]);

    const confirmed = await call(server.url, "POST", "/api/auth/reauthenticate", {
      cookie: admin.cookie,
      json: { password: goodPassword },
    });
    expect(confirmed.status).toBe(200);
    const cookie = confirmed.cookie!;
    for (const [method, path, json] of changes) {
      const done = await call(server.url, method, path, { cookie, json });
      expect(done.status, `${method} ${path} ${JSON.stringify(json)}`).toBeLessThan(300);
    }
    expect((await read(cookie, target.user.id)).body.user).toMatchObject({
      role: "admin",
      name: "Renamed",
      disabledAt: expect.any(String),
    });
    expect((await read(cookie, disabled.user.id)).body.user.disabledAt).toBeNull();
    expect((await read(cookie, doomed.user.id)).status).toBe(404);
    expect(await sessionStatus(signedIn.cookie)).toBe(401);
  },
);

async function confirmPassword(page: Page) {
  await expect(page.getByRole("heading", { name: "Confirm your password to continue" })).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(goodPassword);
  await page.getByRole("button", { name: "Confirm password" }).click();
  await expect(page.getByRole("status")).toContainText("Password confirmed");
}

test(
  "page: a promotion submitted past the window changes nothing and asks for the password; then it goes through",
  { tag: "@once" },
  async ({ browser }) => {
    const admin = await createAdmin(server.url, server.env);
    const target = await registerUser(server.url);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signInThroughForm(page, admin.email);
    await page.goto(`/admin/users/${target.user.id}`);
    await expect(page.getByRole("button", { name: "Change role" })).toBeVisible();

    await pastTheWindow();
    await page.getByLabel("Role").selectOption("admin");
    await page.getByRole("button", { name: "Change role" }).click();
    await expect(page.getByText("Nothing was changed: you signed in too long ago.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Change role" })).toHaveCount(0);
    await expect(page.getByTestId("role")).toHaveText("user");

    await confirmPassword(page);
    await page.getByLabel("Role").selectOption("admin");
    await page.getByRole("button", { name: "Change role" }).click();
    await expect(page.getByRole("status")).toContainText("The role was changed.");
    await expect(page.getByTestId("role")).toHaveText("admin");
    expect((await call(server.url, "GET", "/api/users/me", { cookie: target.cookie })).body.user.role).toBe("admin");
    await context.close();
  },
);

test(
  "page without JavaScript: past the window the password comes first, and a deletion waits for it",
  { tag: "@once" },
  async ({ browser }) => {
    const admin = await createAdmin(server.url, server.env);
    const target = await registerUser(server.url);
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false });
    const page = await context.newPage();
    await signInThroughForm(page, admin.email);
    await pastTheWindow();

    // Opened late: the password step instead of the actions.
    await page.goto(`/admin/users/${target.user.id}`);
    await expect(page.getByRole("button", { name: "Delete account" })).toHaveCount(0);
    await confirmPassword(page);
    await expect(page.getByRole("button", { name: "Delete account" })).toBeVisible();

    // Submitted late: refused, the account still there, the password asked again.
    await pastTheWindow();
    await page.getByLabel("Yes, delete this account for good").check();
    await page.getByRole("button", { name: "Delete account" }).click();
    await expect(page.getByText("Nothing was changed: you signed in too long ago.")).toBeVisible();
    await expect(page.getByTestId("status")).toHaveText("active");
    expect((await logIn(server.url, target.email)).status).toBe(200);

    await confirmPassword(page);
    await page.getByLabel("Yes, delete this account for good").check();
    await page.getByRole("button", { name: "Delete account" }).click();
    await expect(page).toHaveURL(/\/admin\/users\?notice=deleted$/);
    expect((await logIn(server.url, target.email)).status).toBe(401);
    await context.close();
  },
);

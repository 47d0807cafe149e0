import { expect, test } from "@playwright/test";
import { createAdmin, runAdminCli } from "./support/admin";
import { userWithTwoFactor } from "./support/two-factor";
import { call, goodPassword, logIn, registerUser, uniqueEmail } from "./support/api";
import { signInThroughForm } from "./support/browser";
import { startServer } from "./support/server";

// The admin pages in a browser, and the admin CLI.

test("an admin disables a signed-in user; that user's next navigation lands on the login page", async ({ browser, baseURL }) => {
  const admin = await createAdmin(baseURL!);
  const { email, user } = await registerUser(baseURL!, { name: "Soon Disabled" });

  const userContext = await browser.newContext({ baseURL });
  const userPage = await userContext.newPage();
  await signInThroughForm(userPage, email);

  const adminContext = await browser.newContext({ baseURL });
  const adminPage = await adminContext.newPage();
  await signInThroughForm(adminPage, admin.email);
  await adminPage.getByRole("link", { name: "Admin" }).click();
  await adminPage.getByLabel("Search by email or name").fill(email);
  await adminPage.getByRole("button", { name: "Search" }).click();
  await adminPage.getByRole("link", { name: email }).click();
  await expect(adminPage).toHaveURL(new RegExp(`/admin/users/${user.id}$`));
  // The registration's API session and the browser's.
  await expect(adminPage.getByTestId("session-count")).toHaveText("2");

  // Without ticking the confirmation, nothing happens.
  await adminPage.getByRole("button", { name: "Disable account" }).click();
  await expect(adminPage.getByTestId("status")).toHaveText("active");
  await adminPage.getByLabel("Yes, disable this account and sign it out everywhere").check();
  await adminPage.getByRole("button", { name: "Disable account" }).click();
  await expect(adminPage.getByRole("status")).toContainText("The account is disabled");
  await expect(adminPage.getByTestId("status")).toHaveText("disabled");
  await expect(adminPage.getByTestId("session-count")).toHaveText("0");
  await expect(adminPage.getByText("Account disabled by an administrator")).toBeVisible();

  // Its open tab follows by itself (app/components/session-watch.tsx); then a navigation of its own.
  await expect(userPage).toHaveURL(/\/login\?reason=ended/);
  await userPage.goto("/account/sessions");
  await expect(userPage).toHaveURL(/\/login\?next=/);
  await userContext.close();
  await adminContext.close();
});

test("admin pages do not exist for ordinary users", async ({ page, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  await signInThroughForm(page, email);
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  const response = await page.goto("/admin/users");
  expect(response!.status()).toBe(404);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("an admin deletes an account after confirming", async ({ page, baseURL }) => {
    const admin = await createAdmin(baseURL!);
    const { email, user } = await registerUser(baseURL!);
    await signInThroughForm(page, admin.email);
    await page.goto(`/admin/users/${user.id}`);
    await page.getByLabel("Yes, delete this account for good").check();
    await page.getByRole("button", { name: "Delete account" }).click();
    await expect(page).toHaveURL(/\/admin\/users\?notice=deleted$/);
    expect((await logIn(baseURL!, email)).status).toBe(401);
  });
});

test("the CLI creates, promotes, disables, lists and ends sessions, applying the password policy", async () => {
  // A server of its own and a dozen CLI runs (tsx, about 2 s of CPU each): beyond a minute on a busy machine.
  test.setTimeout(150_000);
  const server = await startServer();
  try {
    const env = server.env;
    expect(runAdminCli(env, ["list"])).toMatch(/No accounts yet/);
    expect(() => runAdminCli(env, ["create", "--email", uniqueEmail()], "short\n")).toThrow(/at least 15 characters/);

    const adminEmail = uniqueEmail("root");
    expect(runAdminCli(env, ["create", "--email", adminEmail, "--name", "Root"], `${goodPassword}\n`)).toMatch(/Created admin/);
    const admin = await logIn(server.url, adminEmail);
    expect(admin.body.user.role).toBe("admin");

    const { email, cookie } = await registerUser(server.url);
    expect(runAdminCli(env, ["promote", "--email", email])).toMatch(/is now an administrator/);
    expect((await call(server.url, "GET", "/api/stats", { cookie })).status).toBe(200);

    expect(runAdminCli(env, ["revoke-sessions", "--email", email])).toMatch(/Ended 1 session/);
    // The CLI is another process: the server notices within SESSION_CACHE_TTL (1 s).
    const sessionStatus = (c: string) => async () => (await call(server.url, "GET", "/api/auth/session", { cookie: c })).status;
    await expect.poll(sessionStatus(cookie), { timeout: 3000 }).toBe(401);

    const again = (await logIn(server.url, email)).cookie!;
    expect(runAdminCli(env, ["disable", "--email", email])).toMatch(/is now disabled/);
    await expect.poll(sessionStatus(again), { timeout: 3000 }).toBe(401);
    expect((await logIn(server.url, email)).status).toBe(401);

    // Lost the app and the recovery codes: an operator turns 2FA off, and every session ends.
    const owner = await userWithTwoFactor(server.url);
    expect((await logIn(server.url, owner.email)).body.secondFactorRequired).toBe(true);
    expect(runAdminCli(env, ["reset-two-factor", "--email", owner.email])).toMatch(/Two-factor authentication is off/);
    await expect.poll(sessionStatus(owner.cookie), { timeout: 3000 }).toBe(401);
    expect((await logIn(server.url, owner.email)).cookie).not.toBeNull();
    expect(() => runAdminCli(env, ["reset-two-factor", "--email", owner.email])).toThrow(/not on/);

    const list = runAdminCli(env, ["list"]);
    expect(list).toContain(`${adminEmail}\tadmin\tactive`);
    expect(list).toContain(`${email}\tadmin\tdisabled`);
    expect(() => runAdminCli(env, ["promote", "--email", "nobody@example.test"])).toThrow(/No account for/);
  } finally {
    await server.stop();
  }
});

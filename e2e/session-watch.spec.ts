import { type Browser, expect, type Page, test } from "@playwright/test";
import { call, goodPassword, registerUser } from "./support/api";
import { signInThroughForm } from "./support/browser";
import { startServer, type TestServer } from "./support/server";
import { snapshotStore, watchSqliteCommits } from "./support/store-snapshot";

// Every open tab in step with its session, without a page load by the user: a tab
// whose session ended (signed out in another tab, ended from another device, idle)
// shows the sign-in page within 2 s; the checks behind it write nothing.

async function signedInBrowser(browser: Browser, baseURL: string, email: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInThroughForm(page, email);
  return { context, page };
}

const sessionCookieOf = async (page: Page) => {
  const cookie = (await page.context().cookies()).find((c) => c.name === "__Host-session")!;
  return `${cookie.name}=${cookie.value}`;
};

// @once: the tabs' own logic (BroadcastChannel, timers, the fresh-sign-in rule) does not depend on the
// store; what does (another browser's revocation, the check's cost) runs in every configuration.
test(
  "two tabs of one browser: sign out in one, and the other shows the sign-in page within 2 s; sign in in one, and the other's sign-in page follows",
  { tag: "@once" },
  async ({ browser, baseURL }) => {
    const { email } = await registerUser(baseURL!);
    const { context, page: first } = await signedInBrowser(browser, baseURL!, email);
    const second = await context.newPage();
    await second.goto("/account/sessions");
    await expect(second.getByRole("heading", { name: "Your sessions" })).toBeVisible();

    await first.getByRole("button", { name: "Sign out" }).click();
    await expect(first).toHaveURL(/\/login$/);
    await expect(second).toHaveURL(/\/login\?reason=ended&next=%2Faccount%2Fsessions$/, { timeout: 2000 });
    await expect(second.getByRole("status")).toContainText("Your session ended");

    // Both on the sign-in page now: signing in in one brings the other to the dashboard.
    await first.getByLabel("Email").fill(email);
    await first.getByLabel("Password").fill(goodPassword);
    await first.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(first).toHaveURL(/\/dashboard$/);
    await expect(second).toHaveURL(/\/dashboard$/, { timeout: 2000 });
    await context.close();
  },
);

test("two browsers: end one from the other's sessions page, and the ended one shows the sign-in page within 2 s", async ({
  browser,
  baseURL,
}) => {
  const { email } = await registerUser(baseURL!);
  const laptop = await signedInBrowser(browser, baseURL!, email);
  const phone = await signedInBrowser(browser, baseURL!, email);
  const phoneSession = (await call(baseURL!, "GET", "/api/auth/session", { cookie: await sessionCookieOf(phone.page) })).body.session;

  await laptop.page.goto("/account/sessions");
  await laptop.page.locator(`form:has(input[name="id"][value="${phoneSession.id}"]) button`).click();
  await expect(laptop.page.getByRole("status")).toContainText("The session was ended");
  await expect(phone.page).toHaveURL(/\/login\?reason=ended/, { timeout: 2000 });
  await laptop.context.close();
  await phone.context.close();
});

test.describe("with a fresh-sign-in window of 3 s", { tag: "@once" }, () => {
  let server: TestServer;
  test.beforeAll(async () => {
    test.setTimeout(120_000); // a server of its own, on a machine that may be busy
    server = await startServer({ FRESH_SIGN_IN_MAX_AGE: "3" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("Sign out everywhere else and End this session ask for the password first; the API answers 403 reauthentication_required", async ({
    browser,
  }) => {
    const { email } = await registerUser(server.url);
    const laptop = await signedInBrowser(browser, server.url, email);
    const phone = await signedInBrowser(browser, server.url, email);
    const phoneCookie = await sessionCookieOf(phone.page);
    const phoneSession = (await call(server.url, "GET", "/api/auth/session", { cookie: phoneCookie })).body.session;
    await laptop.page.waitForTimeout(3500);

    // The API, with the laptop's now stale session: refused, nothing ended. Its own session it may still end.
    const laptopCookie = await sessionCookieOf(laptop.page);
    for (const [method, path] of [
      ["DELETE", `/api/sessions/${phoneSession.id}`],
      ["POST", "/api/sessions/revoke-others"],
    ] as const) {
      const refused = await call(server.url, method, path, { cookie: laptopCookie });
      expect(refused.status, path).toBe(403);
      expect(refused.body.error).toMatchObject({ code: "reauthentication_required", message: expect.any(String) });
    }
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: phoneCookie })).status).toBe(200);

    await laptop.page.goto("/account/sessions");
    await laptop.page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(laptop.page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: phoneCookie })).status).toBe(200);
    await laptop.page.getByLabel("Password").fill("not the password");
    await laptop.page.getByRole("button", { name: "Confirm password" }).click();
    await expect(laptop.page.getByText("The password is incorrect.").first()).toBeVisible();
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: phoneCookie })).status).toBe(200);

    await laptop.page.getByLabel("Password").fill(goodPassword);
    await laptop.page.getByRole("button", { name: "Confirm password" }).click();
    await expect(laptop.page.getByRole("status")).toContainText("Signed out everywhere else");
    await expect(phone.page).toHaveURL(/\/login\?reason=ended/, { timeout: 2000 });
    await expect(laptop.page.getByTestId("session")).toHaveCount(1);

    // Signing out of the current session never asks.
    await laptop.page.waitForTimeout(3500);
    const ownSession = (await call(server.url, "GET", "/api/auth/session", { cookie: await sessionCookieOf(laptop.page) })).body.session;
    const own = await call(server.url, "DELETE", `/api/sessions/${ownSession.id}`, { cookie: await sessionCookieOf(laptop.page) });
    expect(own.status).toBe(204);
    await laptop.context.close();
    await phone.context.close();
  });
});

test.describe("with SESSION_IDLE_TIMEOUT=20 (the warning comes 10 s before the deadline)", { tag: "@once" }, () => {
  let server: TestServer;
  test.beforeAll(async () => {
    test.setTimeout(120_000); // a server of its own, on a machine that may be busy
    server = await startServer({ SESSION_IDLE_TIMEOUT: "20" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("the idle warning appears with a countdown and focus; Stay signed in keeps the session; ignored, the tab goes to the sign-in page saying why", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const { email } = await registerUser(server.url);
    const { context, page } = await signedInBrowser(browser, server.url, email);
    await page.goto("/account/security");
    const signedInAt = Date.now();

    const dialog = page.getByRole("alertdialog", { name: "Your session is about to end" });
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog.getByRole("timer")).toHaveText(/^0:(0\d|10)$/);
    await expect(dialog.getByRole("button", { name: "Stay signed in" })).toBeFocused();
    await dialog.getByRole("button", { name: "Stay signed in" }).click();
    await expect(dialog).toBeHidden();

    // Past the deadline the session had before: still signed in, and warned again later.
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await page.waitForTimeout(Math.max(0, 21_000 - (Date.now() - signedInAt)));
    await expect(page).toHaveURL(/\/account\/security$/);
    expect((await call(server.url, "GET", "/api/auth/session/status", { cookie: await sessionCookieOf(page) })).body.active).toBe(true);

    // Ignored: at the deadline the tab leaves for the sign-in page, which says why.
    await expect(page).toHaveURL(/\/login\?reason=idle&next=%2Faccount%2Fsecurity$/, { timeout: 15_000 });
    await expect(page.getByRole("status")).toContainText("inactive");
    await context.close();
  });
});

test.describe("the session check's cost", () => {
  let server: TestServer;
  test.beforeAll(async () => {
    test.setTimeout(120_000); // a server of its own, on a machine that may be busy
    // Any renewing request more than 3.6 s after the last renewal writes: a check that renewed would show.
    server = await startServer({ SESSION_RENEWAL_FRACTION: "0.001" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  // Not a full minute: 30 s of two visible tabs is about 60 checks, which is what a minute
  // of one tab would be; the claim is per check (none writes), so the count is what matters.
  test("two idle tabs for 30 s: about 60 checks, and the store does not change at all", async ({ browser }) => {
    test.setTimeout(90_000);
    const { email } = await registerUser(server.url);
    const { context, page: first } = await signedInBrowser(browser, server.url, email);
    const second = await context.newPage();
    await second.goto("/dashboard");
    let checks = 0;
    context.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/auth/session/status") checks++;
    });
    // Let the sign-in's after-response work (the new-device check) finish.
    await first.waitForTimeout(2000);

    const before = await snapshotStore(server);
    const commits = watchSqliteCommits(server);
    const startedChecks = checks;
    await first.waitForTimeout(30_000);
    const observed = checks - startedChecks;
    const after = await snapshotStore(server);
    const committed = commits?.changed();
    commits?.close();

    expect(observed).toBeGreaterThanOrEqual(50);
    expect(after).toBe(before);
    if (committed !== undefined) expect(committed, "SQLite saw a commit").toBe(false);
    await expect(first).toHaveURL(/\/dashboard$/);
    await expect(second).toHaveURL(/\/dashboard$/);

    // The snapshot does see a write: one renewing request (GET /api/auth/session) changes it.
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: await sessionCookieOf(first) })).status).toBe(200);
    expect(await snapshotStore(server)).not.toBe(after);
    await context.close();
  });
});

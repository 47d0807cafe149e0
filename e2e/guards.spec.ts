import { expect, type Page, test } from "@playwright/test";
import { call, goodPassword, registerUser } from "./support/api";
import { signInThroughForm } from "./support/browser";

// The guards of lib/require-user.ts, through the production server: no list of
// protected paths anywhere, so each page sends a signed-out visitor to the login page
// and back to its own path and query; the path comes from proxy.ts, whatever a client
// sends in its place; an admin page does not exist for anyone else.

const pathHeader = "x-session-auth-path";

async function submitLogin(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(goodPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("signed out, every protected page answers 307 to the login page with its own path and query, never cached", async ({ baseURL }) => {
  const { user } = await registerUser(baseURL!);
  for (const path of [
    "/dashboard",
    "/account/sessions?x=1",
    "/account/security?cursor=abc&x=%2F",
    "/account/two-factor",
    "/step-up?next=%2Fadmin%2Fusers",
    "/admin/users?query=ann",
    `/admin/users/${user.id}`,
  ]) {
    const response = await call(baseURL!, "GET", path);
    expect(response.status, path).toBe(307);
    expect(response.headers.get("location"), path).toBe(`/login?next=${encodeURIComponent(path)}`);
    expect(response.headers.get("cache-control"), path).toContain("no-store");
  }
});

test("a deep URL with a query, visited signed out, comes back there after signing in", async ({ page, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  await page.goto("/account/sessions?x=1");
  await expect(page).toHaveURL(`${baseURL}/login?next=${encodeURIComponent("/account/sessions?x=1")}`);
  await submitLogin(page, email);
  await expect(page).toHaveURL(`${baseURL}/account/sessions?x=1`);
  await expect(page.getByRole("heading", { name: "Your sessions" })).toBeVisible();
});

test.describe("a forged return-path header does not choose where login sends the browser back", () => {
  const forgeries = ["https://evil.example/phish", "//evil.example/phish", "/admin/users"];

  test("on a page: the proxy overwrites it with the path asked for", async ({ baseURL }) => {
    for (const forged of forgeries) {
      const response = await call(baseURL!, "GET", "/account/security?x=1", { headers: { [pathHeader]: forged } });
      expect(response.status, forged).toBe(307);
      expect(response.headers.get("location"), forged).toBe(`/login?next=${encodeURIComponent("/account/security?x=1")}`);
    }
  });

  test("in a browser that sends it on every request, through sign-in and a server action", async ({ browser, baseURL }) => {
    const { email } = await registerUser(baseURL!);
    const context = await browser.newContext({ extraHTTPHeaders: { [pathHeader]: "https://evil.example/phish" } });
    const page = await context.newPage();
    await page.goto("/account/sessions");
    await expect(page).toHaveURL(`${baseURL}/login?next=${encodeURIComponent("/account/sessions")}`);
    await submitLogin(page, email);
    await expect(page).toHaveURL(`${baseURL}/account/sessions`);

    // The session ends behind the page's back; the page's next action sends it to sign in, and back here.
    // The tab's own watch (app/components/session-watch.tsx) would go there within a second by itself,
    // from the browser's location and not the header, and race the click: its checks are held back.
    await page.route("**/api/auth/session/status", (route) => route.abort());
    const session = (await context.cookies()).find((cookie) => /session$/.test(cookie.name))!;
    expect((await call(baseURL!, "POST", "/api/auth/logout", { cookie: `${session.name}=${session.value}` })).status).toBe(204);
    await page.getByRole("button", { name: "Sign out everywhere else" }).click();
    await expect(page).toHaveURL(`${baseURL}/login?next=${encodeURIComponent("/account/sessions")}`);
    await context.close();
  });
});

test("admin pages and the admin API refuse an ordinary user; the API's guard answers in its JSON shape", async ({ page, baseURL }) => {
  const { email, user, cookie } = await registerUser(baseURL!);
  for (const path of ["/admin/users", `/admin/users/${user.id}`]) {
    expect((await call(baseURL!, "GET", path, { cookie })).status, path).toBe(404);
  }
  const refused = await call(baseURL!, "GET", "/api/users", { cookie });
  expect(refused.status).toBe(403);
  expect(refused.body).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
  const signedOut = await call(baseURL!, "GET", "/api/users");
  expect(signedOut.status).toBe(401);
  expect(signedOut.body.error.code).toBe("unauthenticated");

  await signInThroughForm(page, email);
  const response = await page.goto(`/admin/users/${user.id}`);
  expect(response!.status()).toBe(404);
});

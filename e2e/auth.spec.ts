import { expect, type Page, test } from "@playwright/test";
import { call, goodPassword, registerUser, uniqueEmail } from "./support/api";

// The sign-up, sign-in and sign-out journeys in a real browser.

async function fillRegister(page: Page, { name, email, password }: { name: string; email: string; password: string }) {
  await page.goto("/register");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function fillLogin(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("register lands on the dashboard, signed in", async ({ page }) => {
  const email = uniqueEmail("browser");
  await fillRegister(page, { name: "Grace Hopper", email, password: goodPassword });
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Grace Hopper" })).toBeVisible();
  await expect(page.getByTestId("user-email")).toHaveText(email);
  await expect(page.getByTestId("user-name")).toHaveText("Grace Hopper");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
});

test("registration errors show next to the field", async ({ page }) => {
  await fillRegister(page, { name: "Shorty", email: uniqueEmail(), password: "too short" });
  await expect(page.locator("#field-password-error")).toHaveText("Use at least 15 characters (this one has 9).");
  await expect(page.locator(".alert.error")).toHaveText("Please correct the marked fields.");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/register$/);
});

test("sign out, then the dashboard sends you to sign in and back", async ({ page }) => {
  const email = uniqueEmail();
  await fillRegister(page, { name: "Round Trip", email, password: goodPassword });
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await fillLogin(page, email, goodPassword);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Welcome, Round Trip" })).toBeVisible();
});

test("a wrong password and an unknown email show the same generic error", async ({ page, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  await page.goto("/login");
  await fillLogin(page, email, "definitely the wrong password");
  await expect(page.locator(".alert.error")).toHaveText("The email or password is incorrect.");
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await page.goto("/login");
  await fillLogin(page, uniqueEmail("nobody"), goodPassword);
  await expect(page.locator(".alert.error")).toHaveText("The email or password is incorrect.");
  await expect(page).toHaveURL(/\/login/);
});

test("the cookie the browser held is refused after sign-out", async ({ page, context, baseURL }) => {
  await fillRegister(page, { name: "Replay", email: uniqueEmail(), password: goodPassword });
  await expect(page).toHaveURL(/\/dashboard$/);
  const cookie = (await context.cookies()).find((c) => c.name === "__Host-session")!;
  expect(cookie.httpOnly).toBe(true);
  const stolen = `${cookie.name}=${cookie.value}`;
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: stolen })).status).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await context.cookies()).find((c) => c.name === "__Host-session")).toBeUndefined();
  const replay = await call(baseURL!, "GET", "/api/auth/session", { cookie: stolen });
  expect(replay.status).toBe(401);
  expect(replay.body.error.code).toBe("unauthenticated");
});

test("the home page sends each visitor to the right place", async ({ page, baseURL }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  const { email } = await registerUser(baseURL!);
  await fillLogin(page, email, goodPassword);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a next parameter cannot send you to another site", async ({ page, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  await page.goto("/login?next=//evil.example/phish");
  await fillLogin(page, email, goodPassword);
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("register, sign out and sign in still work, with errors shown", async ({ page }) => {
    const email = uniqueEmail("nojs");
    await fillRegister(page, { name: "No Script", email, password: goodPassword });
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole("heading", { name: "Welcome, No Script" })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);

    await fillLogin(page, email, "wrong password, no script");
    await expect(page.getByText("The email or password is incorrect.")).toBeVisible();

    await page.goto("/login?next=/dashboard");
    await fillLogin(page, email, goodPassword);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("user-email")).toHaveText(email);
  });
});

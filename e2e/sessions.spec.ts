import { type Browser, expect, type Page, test } from "@playwright/test";
import { call, goodPassword, registerUser } from "./support/api";
import { signInThroughForm } from "./support/browser";

// Two browsers signed in to one account, as a person would use them.

async function signIn(browser: Browser, baseURL: string, email: string, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ baseURL, ...options });
  const page = await context.newPage();
  await signInThroughForm(page, email);
  return { context, page };
}

async function sessionCards(page: Page) {
  await page.goto("/account/sessions");
  return page.getByTestId("session");
}

test("sign in twice, see both, end one from the other: it is signed out on its next navigation", async ({ browser, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  const laptop = await signIn(browser, baseURL!, email);
  const phone = await signIn(browser, baseURL!, email);

  const cards = await sessionCards(laptop.page);
  // The registration's API session plus the two browsers.
  await expect(cards).toHaveCount(3);
  await expect(laptop.page.getByText("This device")).toHaveCount(1);
  const thisDevice = cards.filter({ hasText: "This device" });
  await expect(thisDevice.getByRole("button", { name: /End session/ })).toHaveCount(0);

  // End the phone's session: the newest one other than this device.
  const phoneCookie = (await phone.context.cookies()).find((c) => c.name === "__Host-session")!;
  const phoneSession = (await call(baseURL!, "GET", "/api/auth/session", { cookie: `${phoneCookie.name}=${phoneCookie.value}` })).body
    .session;
  await laptop.page.locator(`form:has(input[name="id"][value="${phoneSession.id}"]) button`).click();
  await expect(laptop.page.getByRole("status")).toContainText("The session was ended");
  await expect(laptop.page.getByTestId("session")).toHaveCount(2);

  // Its open tab goes to the sign-in page by itself (e2e/session-watch.spec.ts); then its next navigation lands there too.
  await expect(phone.page).toHaveURL(/\/login\?reason=ended/);
  await phone.page.goto("/account/sessions");
  await expect(phone.page).toHaveURL(/\/login\?next=%2Faccount%2Fsessions$/);
  await laptop.page.goto("/dashboard");
  await expect(laptop.page).toHaveURL(/\/dashboard$/);
  await laptop.context.close();
  await phone.context.close();
});

test("sign out everywhere else keeps only this device", async ({ browser, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  const laptop = await signIn(browser, baseURL!, email);
  const phone = await signIn(browser, baseURL!, email);
  await sessionCards(laptop.page);
  await laptop.page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(laptop.page.getByRole("status")).toContainText("2 sessions ended");
  await expect(laptop.page.getByTestId("session")).toHaveCount(1);
  await expect(laptop.page.getByRole("button", { name: "Sign out everywhere else" })).toHaveCount(0);
  await expect(phone.page).toHaveURL(/\/login\?reason=ended/);
  await phone.page.goto("/dashboard");
  await expect(phone.page).toHaveURL(/\/login/);
  await laptop.context.close();
  await phone.context.close();
});

test("a password change signs the other browser out and keeps this one signed in", async ({ browser, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  const laptop = await signIn(browser, baseURL!, email);
  const phone = await signIn(browser, baseURL!, email);
  const cookieBefore = (await laptop.context.cookies()).find((c) => c.name === "__Host-session")!.value;

  await laptop.page.goto("/account/security");
  await laptop.page.getByLabel("Current password").fill(goodPassword);
  await laptop.page.getByLabel("New password").fill("short");
  await laptop.page.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.page.locator("#field-newPassword-error")).toContainText("at least 15");

  await laptop.page.getByLabel("Current password").fill(goodPassword);
  await laptop.page.getByLabel("New password").fill("my new and much better passphrase");
  await laptop.page.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.page.getByRole("status")).toContainText("Your password was changed");
  await expect(laptop.page.getByTestId("activity")).toContainText("Password changed");

  const cookieAfter = (await laptop.context.cookies()).find((c) => c.name === "__Host-session")!.value;
  expect(cookieAfter).not.toBe(cookieBefore);
  await expect(phone.page).toHaveURL(/\/login\?reason=ended/);
  await phone.page.goto("/dashboard");
  await expect(phone.page).toHaveURL(/\/login/);
  await laptop.page.goto("/dashboard");
  await expect(laptop.page).toHaveURL(/\/dashboard$/);
  await laptop.context.close();
  await phone.context.close();
});

test("the sessions page works without JavaScript", async ({ browser, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  const noScript = await signIn(browser, baseURL!, email, { javaScriptEnabled: false });
  await sessionCards(noScript.page);
  await expect(noScript.page.getByTestId("session")).toHaveCount(2);
  await noScript.page.getByRole("button", { name: /End session/ }).click();
  await expect(noScript.page.getByRole("status")).toContainText("The session was ended");
  await expect(noScript.page.getByTestId("session")).toHaveCount(1);
  await noScript.context.close();
});

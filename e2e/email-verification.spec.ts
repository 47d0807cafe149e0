import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser, uniqueEmail } from "./support/api";
import { signInThroughForm } from "./support/browser";
import type { TestServer } from "./support/server";
import { type Inbox, startServerWithInbox } from "./support/smtp";

// After registration a link confirms the address; a real SMTP server receives it.

const verificationMail = /Confirm your email address/;
let inbox: Inbox;
let server: TestServer;
let stop: () => Promise<void>;

test.beforeAll(async () => {
  ({ server, inbox, stop } = await startServerWithInbox());
});
test.afterAll(async () => {
  await stop?.();
});

const verificationToken = async (email: string) => {
  const mail = await inbox.waitForMail(email, verificationMail);
  return /verify-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? "")![1]!;
};

test("register → mail → confirm → the dashboard stops asking", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const email = uniqueEmail("verify");
  await page.goto("/register");
  await page.getByLabel("Name").fill("Vera Fied");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(goodPassword);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("verify-email-reminder")).toContainText(email);

  const token = await verificationToken(email);
  await page.goto(`/verify-email?token=${token}`);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page).toHaveURL(/\/dashboard\?verified=1$/);
  await expect(page.getByRole("status")).toContainText("Your email address is confirmed");
  await expect(page.getByTestId("verify-email-reminder")).toHaveCount(0);

  // The same link again.
  await page.goto(`/verify-email?token=${token}`);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "invalid or has expired" })).toBeVisible();
  await context.close();
});

test("over the API: confirmed without a session; resends are limited", async () => {
  const { email, cookie } = await registerUser(server.url);
  const token = await verificationToken(email);

  // The registration sent one link; two more may follow within the hour.
  for (let i = 0; i < 2; i++) expect((await call(server.url, "POST", "/api/users/me/email-verification", { cookie })).status).toBe(202);
  const limited = await call(server.url, "POST", "/api/users/me/email-verification", { cookie });
  expect(limited.status).toBe(429);
  expect(limited.body.error.code).toBe("rate_limited");
  await expect.poll(() => inbox.mailsTo(email, verificationMail).length).toBe(3);

  // Only the newest link works; opening it (as a mail scanner would) confirms nothing.
  const newest = await verificationToken(email);
  expect((await fetch(`${server.url}/verify-email?token=${newest}`)).status).toBe(200);
  expect((await call(server.url, "GET", "/api/users/me", { cookie })).body.user.emailVerifiedAt).toBeNull();
  expect((await call(server.url, "POST", "/api/auth/email-verification/confirm", { json: { token } })).status).toBe(400);
  expect((await call(server.url, "POST", "/api/auth/email-verification/confirm", { json: { token: newest } })).status).toBe(204);
  const me = await call(server.url, "GET", "/api/users/me", { cookie });
  expect(me.body.user.emailVerifiedAt).toBeTruthy();
  expect((await call(server.url, "POST", "/api/users/me/email-verification", { cookie })).body.message).toMatch(/already confirmed/);
  expect((await call(server.url, "POST", "/api/users/me/email-verification")).status).toBe(401);
});

test("change email → link to the new address → the account moves; the old address is told both times", async ({ browser }) => {
  const { email } = await registerUser(server.url);
  const newEmail = uniqueEmail("moved");
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  await signInThroughForm(page, email);
  await page.goto("/account/security");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByLabel("Password", { exact: true }).first().fill("not my password at all");
  await page.getByRole("button", { name: "Send a confirmation link" }).click();
  await expect(page.getByText("The password is incorrect.")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).first().fill(goodPassword);
  await page.getByRole("button", { name: "Send a confirmation link" }).click();
  await expect(page.getByRole("status").filter({ hasText: `We sent a link to ${newEmail}` })).toBeVisible();
  await expect(page.getByTestId("current-email")).toHaveText(email);

  expect((await inbox.waitForMail(email, /about to change/)).text).toContain(newEmail);
  const mail = await inbox.waitForMail(newEmail, /Confirm your new email address/);
  const token = /change-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? "")![1]!;
  // Opening the link, as a mail scanner would, changes nothing.
  expect((await fetch(`${server.url}/change-email?token=${token}`)).status).toBe(200);
  expect((await logIn(server.url, email)).status).toBe(200);

  await page.goto(`/change-email?token=${token}`);
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  await page.getByRole("button", { name: "Use this address for my account" }).click();
  await expect(page).toHaveURL(/\/account\/security\?notice=email-changed$/);
  await expect(page.getByRole("status").filter({ hasText: `Your email address is now ${newEmail}` })).toBeVisible();
  expect((await inbox.waitForMail(email, /was changed/)).text).toContain(newEmail);
  expect((await logIn(server.url, email)).status).toBe(401);
  expect((await logIn(server.url, newEmail)).status).toBe(200);
  await context.close();
});

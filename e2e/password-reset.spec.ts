import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser, uniqueEmail } from "./support/api";
import { type TestServer, startServer } from "./support/server";
import { type Inbox, resetTokenIn, startInbox, startServerWithInbox } from "./support/smtp";

// Forgotten password: a real SMTP server receives the mail, the link in it resets
// the password. Servers of their own, as the main server sends no mail.

const newPassword = "a brand new and quite long passphrase";
const resetMail = /Reset your .* password/;
let inbox: Inbox;
let server: TestServer;
let stop: () => Promise<void>;

test.beforeAll(async () => {
  ({ server, inbox, stop } = await startServerWithInbox());
});
test.afterAll(async () => {
  await stop?.();
});

const requestReset = (email: string, url = server.url) => call(url, "POST", "/api/auth/password-reset/request", { json: { email } });

test("forgot password → mail → new password → every old session gone → sign in with the new one", async ({ browser }) => {
  const { email, cookie } = await registerUser(server.url);
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();

  await page.goto("/login");
  await expect(page.getByRole("link", { name: "Forgot your password?" })).toHaveAttribute("href", "/forgot-password");
  // A full load, as from the mail link below: a click during a client-side navigation
  // can land before the next page's form is hydrated.
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses this address");

  const mail = await inbox.waitForMail(email, resetMail);
  expect(mail.subject).toMatch(/Reset your .* password/);
  expect(mail.html).toContain(`reset-password?token=${resetTokenIn(mail)}`);
  await page.goto(`/reset-password?token=${resetTokenIn(mail)}`);
  // The token is in this page's address: no link or resource on it may carry it off in a Referer.
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute("content", "no-referrer");
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page).toHaveURL(/\/login\?reset=done$/);
  await expect(page.getByRole("status")).toContainText("every session ended");

  expect((await call(server.url, "GET", "/api/auth/session", { cookie })).status).toBe(401);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(goodPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "incorrect" })).toBeVisible();
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // The same link a second time.
  await page.goto(`/reset-password?token=${resetTokenIn(mail)}`);
  await page.getByLabel("New password").fill(`${newPassword} again`);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "invalid or has expired" })).toBeVisible();
  await context.close();
});

test("the request answers alike, in status, body and time, whether or not the account exists", async () => {
  const { email } = await registerUser(server.url);
  const time = async (address: string) => {
    const started = performance.now();
    const response = await requestReset(address);
    return { ms: performance.now() - started, response };
  };
  const known: number[] = [];
  const unknown: number[] = [];
  const ghost = uniqueEmail("ghost");
  for (let i = 0; i < 5; i++) {
    // Alternated, so load on the machine affects both alike. Five each, so that one slow
    // answer (a garbage collection) cannot decide a median; the first 3 use up the
    // account's hourly share of mails, the last 2 are answered alike and mail nothing.
    const a = await time(email);
    const b = await time(ghost);
    expect(a.response.status).toBe(202);
    expect(b.response.status).toBe(202);
    expect(b.response.body).toEqual(a.response.body);
    expect(b.response.headers.get("content-length")).toBe(a.response.headers.get("content-length"));
    known.push(a.ms);
    unknown.push(b.ms);
  }
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
  // The account's lookup, token and mail all happen after the answer: nothing to tell apart.
  expect(Math.abs(median(known) - median(unknown))).toBeLessThan(50);
  await inbox.waitForMail(email, resetMail);
  await expect.poll(() => inbox.mailsTo(email, resetMail).length).toBe(3);
  // Past the hourly share, nothing more arrives.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(inbox.mailsTo(email, resetMail)).toHaveLength(3);
  expect(inbox.mailsTo(ghost, resetMail)).toHaveLength(0);
});

test("the answer does not wait for the mail server, and a server stopped right after it still sends the mail @once", async () => {
  // Mail goes out after the response (lib/after-response.ts); stopping the server waits for it.
  const slowInbox = await startInbox({ acceptAfterMs: 2000 });
  const slowServer = await startServer({ SMTP_URL: slowInbox.url });
  let stopped = false;
  try {
    const { email } = await registerUser(slowServer.url);
    expect((await requestReset(email, slowServer.url)).status).toBe(202);
    expect(slowInbox.mailsTo(email, resetMail)).toHaveLength(0);
    await slowServer.stop();
    stopped = true;
    expect(slowInbox.mailsTo(email, resetMail)).toHaveLength(1);
  } finally {
    if (!stopped) await slowServer.stop();
    await slowInbox.close();
  }
});

test("a reset link works once; the API refuses bad tokens and weak passwords with field errors", async () => {
  const { email } = await registerUser(server.url);
  await requestReset(email);
  const token = resetTokenIn(await inbox.waitForMail(email, resetMail));

  const weak = await call(server.url, "POST", "/api/auth/password-reset/confirm", { json: { token, newPassword: "short" } });
  expect(weak.status).toBe(400);
  expect(weak.body.error.code).toBe("invalid_input");
  expect(weak.body.error.fields.newPassword).toBeDefined();

  const confirm = await call(server.url, "POST", "/api/auth/password-reset/confirm", { json: { token, newPassword } });
  expect(confirm.status).toBe(204);
  const again = await call(server.url, "POST", "/api/auth/password-reset/confirm", { json: { token, newPassword: `${newPassword}!` } });
  expect(again.status).toBe(400);
  expect(again.body.error.code).toBe("invalid_token");
  for (const bad of ["x", "A".repeat(43), { $ne: null }]) {
    const response = await call(server.url, "POST", "/api/auth/password-reset/confirm", { json: { token: bad, newPassword } });
    expect(response.status).toBe(400);
  }
  expect((await logIn(server.url, email, newPassword)).status).toBe(200);
  const activity = await call(server.url, "GET", "/api/users/me/activity", {
    cookie: (await logIn(server.url, email, newPassword)).cookie,
  });
  expect(activity.body.events.map((e: { type: string }) => e.type)).toEqual(
    expect.arrayContaining(["password_reset_requested", "password_reset"]),
  );
});

test("links expire, and requests are throttled per client address", { tag: "@once" }, async () => {
  const shortLived = await startServer({ SMTP_URL: inbox.url, PASSWORD_RESET_TTL: "2", RATE_LIMIT_ACCOUNT_LINKS_PER_IP: "3" }, "sqlite");
  try {
    const { email } = await registerUser(shortLived.url);
    expect((await requestReset(email, shortLived.url)).status).toBe(202);
    const token = resetTokenIn(await inbox.waitForMail(email, resetMail));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const expired = await call(shortLived.url, "POST", "/api/auth/password-reset/confirm", { json: { token, newPassword } });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe("invalid_token");

    // Two requests and one confirmation so far: the fourth call from this address is refused.
    expect((await requestReset(uniqueEmail(), shortLived.url)).status).toBe(202);
    const throttled = await requestReset(uniqueEmail(), shortLived.url);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBeTruthy();
  } finally {
    await shortLived.stop();
  }
});

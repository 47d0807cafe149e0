import { type Browser, expect, test } from "@playwright/test";
import { call, goodPassword, registerUser } from "./support/api";
import { signInThroughForm } from "./support/browser";
import { countEvents } from "./support/counters";
import { postFrom } from "./support/loopback";
import { type Inbox, startServerWithInbox } from "./support/smtp";
import type { TestServer } from "./support/server";

// New-device alerts: a sign-in from a browser the account has not confirmed mails the
// owner once (a day), with "Yes, that was me" and "This wasn't me" behind one click each.

let server: TestServer;
let inbox: Inbox;
let stop: () => Promise<void>;

test.beforeAll(async () => {
  test.setTimeout(120_000); // a server of its own, on a machine that may be busy
  ({ server, inbox, stop } = await startServerWithInbox());
});

test.afterAll(async () => {
  await stop?.();
});

const alertSubject = /new sign-in from/;

async function newBrowser(browser: Browser) {
  const context = await browser.newContext({ baseURL: server.url });
  return { context, page: await context.newPage() };
}

function alertLink(text: string, answer: "yes" | "no"): string {
  const match = new RegExp(`(/sign-in-alert\\?token=[A-Za-z0-9_-]+&answer=${answer})`).exec(text);
  if (!match) throw new Error(`no ${answer} link in: ${text}`);
  return match[1]!;
}

async function signOut(page: import("@playwright/test").Page) {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
}

test("a sign-in from a new browser mails one alert; again from it: none; This wasn't me ends its session and leads to the reset", async ({
  browser,
}) => {
  const owner = await registerUser(server.url);
  const stranger = await newBrowser(browser);
  await signInThroughForm(stranger.page, owner.email);
  const alert = await inbox.waitForMail(owner.email, alertSubject);
  expect(alert.text).toContain("Chrome");
  expect(alert.text).toContain("127.0.0.1");

  // The same browser again: its device cookie names a device already alerted today.
  await signOut(stranger.page);
  await signInThroughForm(stranger.page, owner.email);
  await stranger.page.waitForTimeout(1500); // the check runs after the response
  expect(inbox.mailsTo(owner.email, alertSubject)).toHaveLength(1);
  expect(await countEvents(server, owner.user.id, "new_device_signed_in")).toBe(1);
  const denyLink = alertLink(alert.text ?? "", "no");

  // A mail scanner opening the link changes nothing.
  expect((await fetch(`${server.url}${denyLink}`)).status).toBe(200);
  await stranger.page.reload();
  await expect(stranger.page).toHaveURL(/\/dashboard$/);

  // One click on the owner's side: the stranger's session ends at once, the owner continues to the reset page.
  const mailReader = await newBrowser(browser);
  await mailReader.page.goto(denyLink);
  await mailReader.page.getByRole("button", { name: /This wasn't me/ }).click();
  await expect(mailReader.page).toHaveURL(/\/reset-password\?token=[A-Za-z0-9_-]+&reason=not-me$/);
  await expect(mailReader.page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expect(mailReader.page.getByRole("status")).toContainText("session is ended");

  // The stranger's open tab goes to the sign-in page by itself, and its next request lands there too.
  await expect(stranger.page).toHaveURL(/\/login\?reason=ended/, { timeout: 3000 });
  await stranger.page.goto("/account/sessions");
  await expect(stranger.page).toHaveURL(/\/login\?next=/);
  // The owner's own session (the registration's) is untouched: only the alerted device's ended.
  expect((await call(server.url, "GET", "/api/auth/session", { cookie: owner.cookie })).status).toBe(200);
  expect(await countEvents(server, owner.user.id, "sign_in_denied")).toBe(1);

  // The reset page is a real one: a new password signs out everywhere.
  await mailReader.page.getByLabel("New password").fill("a brand new passphrase for this");
  await mailReader.page.getByRole("button", { name: /password/i }).click();
  await expect(mailReader.page).toHaveURL(/\/login\?reset=done/);
  expect((await call(server.url, "GET", "/api/auth/session", { cookie: owner.cookie })).status).toBe(401);

  // The link worked once.
  await mailReader.page.goto(denyLink);
  await mailReader.page.getByRole("button", { name: /This wasn't me/ }).click();
  await expect(mailReader.page.getByText("This link is invalid or has expired")).toBeVisible();
  await stranger.context.close();
  await mailReader.context.close();
});

test("Yes, that was me confirms the device: its later sign-ins mail nothing; forgotten, it alerts again", async ({ browser }) => {
  const owner = await registerUser(server.url);
  const laptop = await newBrowser(browser);
  await signInThroughForm(laptop.page, owner.email);
  const alert = await inbox.waitForMail(owner.email, alertSubject);
  const mailReader = await newBrowser(browser);
  await mailReader.page.goto(alertLink(alert.text ?? "", "yes"));
  await mailReader.page.getByRole("button", { name: "Yes, that was me" }).click();
  await expect(mailReader.page.getByRole("status")).toContainText("That device is now known");

  await laptop.page.goto("/account/sessions");
  const device = laptop.page.getByTestId("known-device").filter({ hasText: "This browser" });
  await expect(device).toHaveCount(1);
  await expect(device).not.toContainText("Not confirmed");
  await expect(device).toContainText("First seen");

  // The confirmed device signs in again: no mail.
  await signOut(laptop.page);
  await signInThroughForm(laptop.page, owner.email);
  await laptop.page.waitForTimeout(1500);
  expect(inbox.mailsTo(owner.email, alertSubject)).toHaveLength(1);

  // Forgotten, it is new again: its next sign-in is mailed.
  await laptop.page.goto("/account/sessions");
  await laptop.page
    .getByTestId("known-device")
    .filter({ hasText: "This browser" })
    .getByRole("button", { name: /^Forget/ })
    .click();
  await expect(laptop.page.getByRole("status")).toContainText("forgotten");
  await signOut(laptop.page);
  await signInThroughForm(laptop.page, owner.email);
  await expect.poll(() => inbox.mailsTo(owner.email, alertSubject).length).toBe(2);
  // An API client without a device cookie is a new device each time (within the account's hourly share of mail).
  expect((await call(server.url, "POST", "/api/auth/login", { json: { email: owner.email, password: goodPassword } })).status).toBe(200);
  await expect.poll(() => inbox.mailsTo(owner.email, alertSubject).length).toBe(3);
  await laptop.context.close();
  await mailReader.context.close();
});

test.describe("a client that hangs up", () => {
  let slow: { server: TestServer; inbox: Inbox; stop(): Promise<void> };
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // The default cost: a password check takes a core for ~200 ms, time enough to hang up during it.
    slow = await startServerWithInbox({ BCRYPT_COST: "12" });
  });
  test.afterAll(async () => {
    await slow?.stop();
  });

  test("a sign-in whose client hangs up while its password is checked still mails the owner its alert", async () => {
    test.setTimeout(60_000);
    const owner = await registerUser(slow.server.url);
    const loginUrl = `${slow.server.url}/api/auth/login`;
    // The login route loaded and warm, so that the sign-in below reaches its check at once.
    expect((await postFrom("127.0.0.9", loginUrl, { email: "nobody@example.com", password: goodPassword })).status).toBe(401);

    // A stranger with the password, on a new device, gives up mid-check: the check runs on
    // (only one still waiting in line is dropped), the session is made, and the mail that
    // tells the owner must not depend on whether the stranger stayed for the answer.
    const client = new AbortController();
    const gone = postFrom("127.0.0.10", loginUrl, { email: owner.email, password: owner.password }, { signal: client.signal });
    await new Promise((resolve) => setTimeout(resolve, 80));
    client.abort();
    await expect(gone).rejects.toThrow();
    const alert = await slow.inbox.waitForMail(owner.email, alertSubject);
    expect(alert.text).toContain("not seen before");
  });
});

import { expect, test } from "@playwright/test";
import type { ParsedMail } from "mailparser";
import { call, goodPassword, logIn, uniqueEmail } from "../support/api";
import { startServer, type TestServer } from "../support/server";
import { type Inbox, startInbox } from "../support/smtp";

// A10, REGISTRATION_MODE=verify-first (ASVS 6.3.8): written as the attacker who asks
// whether an address has an account by registering it, or by moving their own account
// to it. The answer must be the same bytes either way; only the mailbox learns which.

const linkMail = /Finish creating your/;
const existsMail = /already have/;
const claimMail = /tried to use your address/;
const attackerPassword = "an attacker's own long passphrase";

let inbox: Inbox;
let server: TestServer;

test.beforeAll(async () => {
  inbox = await startInbox();
  server = await startServer({ SMTP_URL: inbox.url, REGISTRATION_MODE: "verify-first" });
});
test.afterAll(async () => {
  await server?.stop();
  await inbox?.close();
});

/** The raw answer: status, body text, and whether it set a cookie. */
async function rawPost(baseUrl: string, path: string, json: unknown, cookie?: string) {
  const response = await fetch(baseUrl + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(json),
    redirect: "manual",
  });
  return { status: response.status, body: await response.text(), setsCookie: response.headers.getSetCookie().length > 0 };
}

const registrationTokenIn = (mail: ParsedMail) => {
  const match = /register\/confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? "");
  if (!match) throw new Error(`no registration link in: ${mail.text}`);
  return match[1]!;
};

/** An account made the verify-first way: register, then follow the mailed link. */
async function createAccount(baseUrl: string, email = uniqueEmail("owner"), password = goodPassword) {
  expect((await call(baseUrl, "POST", "/api/auth/register", { json: { email, password, name: "Owner" } })).status).toBe(202);
  const token = registrationTokenIn(await inbox.waitForMail(email, linkMail));
  const confirmed = await call(baseUrl, "POST", "/api/auth/register/confirm", { json: { token } });
  expect(confirmed.status).toBe(201);
  return { email, password, cookie: confirmed.cookie!, user: confirmed.body.user };
}

test("registering a taken and a free address gives the same bytes; the free one's link creates the account and signs in, once", async () => {
  const owner = await createAccount(server.url);
  const free = uniqueEmail("newcomer");

  const taken = await rawPost(server.url, "/api/auth/register", { email: owner.email, password: attackerPassword, name: "Mallory" });
  const fresh = await rawPost(server.url, "/api/auth/register", { email: free, password: attackerPassword, name: "Mallory" });
  expect(taken.status).toBe(202);
  expect(fresh).toEqual(taken);
  expect(taken.setsCookie).toBe(false);
  expect(JSON.parse(taken.body)).toEqual({ message: expect.stringMatching(/Check your inbox/) });

  // The taken address's owner is told, with the ways back in; the account is as it was.
  const told = await inbox.waitForMail(owner.email, existsMail);
  expect(told.text).toContain(`${server.url}/login`);
  expect(told.text).toContain(`${server.url}/forgot-password`);
  expect(told.text).not.toMatch(/token=/);
  expect((await logIn(server.url, owner.email, owner.password)).status).toBe(200);
  expect((await logIn(server.url, owner.email, attackerPassword)).status).toBe(401);

  // The free address has no account until its link is followed; opening the page (as a
  // mail scanner would) is not following it.
  expect((await logIn(server.url, free, attackerPassword)).status).toBe(401);
  const token = registrationTokenIn(await inbox.waitForMail(free, linkMail));
  expect((await fetch(`${server.url}/register/confirm?token=${token}`)).status).toBe(200);
  expect((await logIn(server.url, free, attackerPassword)).status).toBe(401);

  const created = await call(server.url, "POST", "/api/auth/register/confirm", { json: { token } });
  expect(created.status).toBe(201);
  expect(created.cookie).toBeTruthy();
  const me = await call(server.url, "GET", "/api/users/me", { cookie: created.cookie });
  expect(me.body.user).toMatchObject({ email: free, name: "Mallory", emailVerifiedAt: expect.any(String) });

  const again = await call(server.url, "POST", "/api/auth/register/confirm", { json: { token } });
  expect(again.status).toBe(400);
  expect(again.body.error.code).toBe("invalid_token");
  expect(again.cookie).toBeNull();
});

test("changing the email to a taken address answers as for a free one; its owner is told and nothing moves", async () => {
  const requester = await createAccount(server.url, uniqueEmail("requester"));
  const victim = await createAccount(server.url, uniqueEmail("victim"));
  const free = uniqueEmail("free");

  const taken = await rawPost(
    server.url,
    "/api/users/me/email",
    { newEmail: victim.email, password: requester.password },
    requester.cookie,
  );
  const fresh = await rawPost(server.url, "/api/users/me/email", { newEmail: free, password: requester.password }, requester.cookie);
  expect(taken.status).toBe(202);
  expect({ ...fresh, setsCookie: false }).toEqual({ ...taken, setsCookie: false });

  // The owner of the taken address hears of it, with no link; the requester's old
  // address gets the usual notice both times; only the free address gets a link.
  const told = await inbox.waitForMail(victim.email, claimMail);
  expect(told.text).not.toMatch(/token=/);
  await expect.poll(() => inbox.mailsTo(requester.email, /about to change/).length).toBe(2);
  const link = await inbox.waitForMail(free, /Confirm your new email address/);
  expect(inbox.mailsTo(victim.email, /Confirm your new email address/)).toHaveLength(0);

  expect((await logIn(server.url, victim.email, victim.password)).status).toBe(200);
  expect((await call(server.url, "GET", "/api/users/me", { cookie: requester.cookie })).body.user.email).toBe(requester.email);

  // The free address's link works as in the default mode.
  const changeToken = /change-email\?token=([A-Za-z0-9_-]+)/.exec(link.text ?? "")![1]!;
  expect((await call(server.url, "POST", "/api/auth/email-change/confirm", { json: { token: changeToken } })).status).toBe(204);
  expect((await logIn(server.url, free, requester.password)).status).toBe(200);
});

test("a later registration replaces the pending one; a lapsed link is refused", async () => {
  const email = uniqueEmail("twice");
  for (const name of ["First", "Second"]) {
    expect((await call(server.url, "POST", "/api/auth/register", { json: { email, password: goodPassword, name } })).status).toBe(202);
    await expect.poll(() => inbox.mailsTo(email, linkMail).length).toBe(name === "First" ? 1 : 2);
  }
  const [first, second] = inbox.mailsTo(email, linkMail).map(registrationTokenIn);
  const replaced = await call(server.url, "POST", "/api/auth/register/confirm", { json: { token: first } });
  expect(replaced.status).toBe(400);
  expect(replaced.body.error.code).toBe("invalid_token");
  expect((await call(server.url, "POST", "/api/auth/register/confirm", { json: { token: second } })).body.user.name).toBe("Second");

  // A server whose links live two seconds: the link is followed after three.
  const shortLived = await startServer({ SMTP_URL: inbox.url, REGISTRATION_MODE: "verify-first", EMAIL_VERIFICATION_TTL: "2" });
  try {
    const late = uniqueEmail("late");
    expect((await call(shortLived.url, "POST", "/api/auth/register", { json: { email: late, password: goodPassword } })).status).toBe(202);
    const token = registrationTokenIn(await inbox.waitForMail(late, linkMail));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const expired = await call(shortLived.url, "POST", "/api/auth/register/confirm", { json: { token } });
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe("invalid_token");
    expect((await logIn(shortLived.url, late)).status).toBe(401);
  } finally {
    await shortLived.stop();
  }
});

test("the register page shows one message for a taken and a free address; the mailed link's page creates the account and signs in", async ({
  browser,
}) => {
  const owner = await createAccount(server.url);
  const free = uniqueEmail("page");
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();

  const registerThroughForm = async (email: string) => {
    await page.goto("/register");
    await page.getByLabel("Name").fill("Page Person");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(attackerPassword);
    await page.getByRole("button", { name: "Create account" }).click();
    const notice = page.getByRole("status");
    await expect(notice).toContainText("Check your inbox");
    await expect(page).toHaveURL(/\/register$/);
    return notice.textContent();
  };
  const forTaken = await registerThroughForm(owner.email);
  const forFree = await registerThroughForm(free);
  expect(forFree).toBe(forTaken);
  await inbox.waitForMail(owner.email, existsMail);

  const token = registrationTokenIn(await inbox.waitForMail(free, linkMail));
  await page.goto(`/register/confirm?token=${token}`);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("user-email")).toHaveText(free);
  // Created by following the link: the address is confirmed already.
  await expect(page.getByTestId("verify-email-reminder")).toHaveCount(0);

  await page.goto(`/register/confirm?token=${token}`);
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "invalid or has expired" })).toBeVisible();
  await context.close();
});

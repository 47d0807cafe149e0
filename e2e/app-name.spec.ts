import { expect, test } from "@playwright/test";
import { call, goodPassword, registerUser, uniqueEmail } from "./support/api";
import { startServer, type TestServer } from "./support/server";
import { type Inbox, startInbox } from "./support/smtp";

// APP_NAME is read when a request is served, not when the app is built: the suite's one
// production build runs here under another name, and every title, brand and mail says it.

const appName = "Acme Portal";
const defaultName = "Session Auth";
let inbox: Inbox;
let server: TestServer;

test.beforeAll(async () => {
  inbox = await startInbox();
  server = await startServer({ SMTP_URL: inbox.url, APP_NAME: appName });
});
test.afterAll(async () => {
  await server?.stop();
  await inbox?.close();
});

test("titles, header brand and mail carry APP_NAME, never the default @once", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const expectOnlyOurName = async () => {
    const html = await page.content();
    expect(html).toContain(appName);
    expect(html).not.toContain(defaultName);
  };

  await page.goto("/login");
  await expect(page).toHaveTitle(`Sign in · ${appName}`);
  await expect(page.getByRole("banner").getByRole("link", { name: appName })).toBeVisible();
  await expectOnlyOurName();

  // Prerendered at build time unless the name is read per request.
  await page.goto("/forgot-password");
  await expect(page).toHaveTitle(`Forgot your password? · ${appName}`);
  await expectOnlyOurName();

  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page).toHaveTitle(appName);
  await expectOnlyOurName();

  const email = uniqueEmail("acme");
  await page.goto("/register");
  await page.getByLabel("Name").fill("Ann Acme");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(goodPassword);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page).toHaveTitle(`Dashboard · ${appName}`);
  await expect(page.getByRole("banner").getByRole("link", { name: appName })).toBeVisible();
  await expectOnlyOurName();

  await page.goto("/account/sessions");
  await expect(page).toHaveTitle(`Your sessions · ${appName}`);
  await expectOnlyOurName();

  const mail = await inbox.waitForMail(email, /Confirm your email address/);
  expect(mail.subject).toBe(`Confirm your email address for ${appName}`);
  expect(mail.from?.value[0]?.name).toBe(appName);
  expect(mail.text).toContain(`Welcome to ${appName}.`);
  expect(JSON.stringify([mail.subject, mail.from, mail.text, mail.html])).not.toContain(defaultName);

  // The authenticator app lists the account under the same name.
  const { cookie } = await registerUser(server.url);
  const setup = await call(server.url, "POST", "/api/users/me/two-factor/setup", { cookie });
  expect(setup.status).toBe(200);
  expect(JSON.stringify(setup.body)).toContain("issuer=Acme%20Portal");
  expect(JSON.stringify(setup.body)).not.toContain(defaultName);

  // And the API's own description.
  const openapi = await call(server.url, "GET", "/api/openapi.json");
  expect(openapi.body.info.title).toBe(`${appName} API`);
  await context.close();
});

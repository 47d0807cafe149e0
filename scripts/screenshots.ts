// `npm run screenshots`: pictures of the real app for the README, taken by Chromium from the
// production build on a fresh SQLite database, at desktop and phone widths, into docs/screenshots/.
// A docs tool, not a test: it stops at the first page that is an error, so no picture of one is kept.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { type BrowserContext, chromium, devices, type Page } from "@playwright/test";
import { goodPassword } from "../e2e/support/api";
import { runAdminCli } from "../e2e/support/admin";
import { startServer, type TestServer } from "../e2e/support/server";
import { startInbox } from "../e2e/support/smtp";
import { ensureChromium, systemChromiumArgs } from "./browser.mjs";

// npm runs scripts from the project root.
const root = process.cwd();
const outDir = path.join(root, "docs/screenshots");
const desktop = { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };
// iPhone 13's user agent and touch, with its whole screen (390x844) as the viewport.
const phone = { ...devices["iPhone 13"], viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 };
// The same clock face and language on every machine, so pictures differ only where the app does.
const fixedLocale = { locale: "en-GB", timezoneId: "UTC" };
const user = { name: "Grace Hopper", email: "grace@example.com" };
const admin = { name: "Ada Lovelace", email: "ada@example.com" };

/** Builds unless .next holds a build newer than every source file it is made from. */
function buildIfNeeded(): void {
  const buildId = path.join(root, ".next/BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const sources = ["app", "lib", "proxy.ts", "next.config.js", "instrumentation.ts", "package.json"];
  const newest = Math.max(...sources.map((source) => newestMtime(path.join(root, source))));
  if (builtAt > newest) return;
  console.log("Building the app (next build) ...");
  const build = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function newestMtime(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((entry) => newestMtime(path.join(file, entry))));
}

/** Opens `url`, refuses an error page, and saves it as `<name>.png`: the whole page when it is short, else what a screen shows. */
async function shoot(page: Page, url: string, name: string): Promise<void> {
  if (url) {
    const response = await page.goto(url);
    if (!response || response.status() >= 400) throw new Error(`${url} answered ${response?.status()}`);
  }
  await page.waitForLoadState("networkidle");
  if (await page.getByRole("heading", { name: /Something went wrong|Page not found/ }).count())
    throw new Error(`${url} shows an error page`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const fullPage = height <= page.viewportSize()!.height * 2;
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: "disabled" });
  console.log(`  ${path.relative(root, file)}`);
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(goodPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(/\/dashboard$/);
}

async function takeScreenshots(
  server: TestServer,
  newContext: (device: typeof desktop) => Promise<BrowserContext>,
  confirmationLink: () => Promise<string>,
) {
  // The user registers at desktop width and confirms the address from the mail.
  const desk = await (await newContext(desktop)).newPage();
  await shoot(desk, "/login", "desktop-login");
  await desk.goto("/register");
  await desk.getByLabel("Name").fill(user.name);
  await desk.getByLabel("Email").fill(user.email);
  await desk.getByLabel("Password").fill(goodPassword);
  await shoot(desk, "", "desktop-register");
  await desk.getByRole("button", { name: "Create account" }).click();
  await desk.waitForURL(/\/dashboard$/);
  await desk.goto(await confirmationLink());
  await desk.getByRole("button", { name: "Confirm my email address" }).click();
  await desk.waitForURL(/\/dashboard\?verified=1$/);

  // A second session, on a phone, so the sessions list has two.
  const mobile = await (await newContext(phone)).newPage();
  await shoot(mobile, "/login", "phone-login");
  await signIn(mobile, user.email);
  await shoot(mobile, "/dashboard", "phone-dashboard");
  await shoot(mobile, "/account/sessions", "phone-sessions");
  await shoot(mobile, "/account/security", "phone-security");

  await shoot(desk, "/dashboard", "desktop-dashboard");
  await shoot(desk, "/account/sessions", "desktop-sessions");
  await shoot(desk, "/account/security", "desktop-security");
  // Just signed in, so setting up asks for no password: straight to the QR code.
  await desk.goto("/account/two-factor");
  await desk.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await desk.getByRole("heading", { name: "Scan this code with your app" }).waitFor();
  await shoot(desk, "", "desktop-two-factor");

  // Administrators come only from the CLI.
  runAdminCli(server.env, ["create", "--email", admin.email, "--name", admin.name], `${goodPassword}\n`);
  const adminDesk = await (await newContext(desktop)).newPage();
  await signIn(adminDesk, admin.email);
  await shoot(adminDesk, "/admin/users", "desktop-admin-users");
  await adminDesk.getByRole("link", { name: user.email }).click();
  await adminDesk.waitForURL(/\/admin\/users\/[^/]+$/);
  await shoot(adminDesk, "", "desktop-admin-user");
  const adminPhone = await (await newContext(phone)).newPage();
  await signIn(adminPhone, admin.email);
  await shoot(adminPhone, "/admin/users", "phone-admin-users");
}

async function main() {
  buildIfNeeded();
  const executablePath = ensureChromium();
  fs.mkdirSync(outDir, { recursive: true });
  for (const old of fs.readdirSync(outDir).filter((file) => file.endsWith(".png"))) fs.rmSync(path.join(outDir, old));

  const inbox = await startInbox();
  const server = await startServer({ SMTP_URL: inbox.url, LOG_LEVEL: "warn" }, "sqlite");
  const browser = await chromium.launch(executablePath ? { executablePath, args: systemChromiumArgs } : {});
  const newContext = (device: typeof desktop) => browser.newContext({ ...device, ...fixedLocale, baseURL: server.url });
  const confirmationLink = async () => {
    const mail = await inbox.waitForMail(user.email, /Confirm your email address/);
    return /\/verify-email\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? "")![0];
  };
  console.log(`Screenshots of ${server.url} into ${path.relative(root, outDir)}/:`);
  try {
    await takeScreenshots(server, newContext, confirmationLink);
  } catch (error) {
    console.error(`Server output:\n${server.output()}`);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
    await inbox.close();
    fs.rmSync(server.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

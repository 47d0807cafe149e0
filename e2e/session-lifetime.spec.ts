import { execFileSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser } from "./support/api";
import { signInThroughForm } from "./support/browser";
import { startServer, type TestServer } from "./support/server";

// Idle timeout, absolute lifetime and renewal, on a server whose timeouts are
// seconds long: idle 4 s (remember me: 6 s), absolute 10 s, renewal at half.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let server: TestServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  server = await startServer({
    SESSION_IDLE_TIMEOUT: "4",
    SESSION_REMEMBER_IDLE_TIMEOUT: "6",
    SESSION_ABSOLUTE_TIMEOUT: "10",
    SESSION_RENEWAL_FRACTION: "0.5",
    SESSION_MAX_PER_USER: "3",
    SESSION_PURGE_INTERVAL: "0",
  });
});

test.afterAll(async () => {
  await server?.stop();
});

test("an idle session expires after the idle timeout", async () => {
  const { cookie } = await registerUser(server.url);
  await sleep(2500);
  expect((await call(server.url, "GET", "/api/auth/session", { cookie })).status).toBe(200);
  // That request was past half the timeout, so it renewed: 4 s from now.
  await sleep(4500);
  expect((await call(server.url, "GET", "/api/auth/session", { cookie })).status).toBe(401);
});

test("continuous activity renews at most once per interval, and the absolute lifetime still ends it", async () => {
  const { cookie } = await registerUser(server.url);
  const start = Date.now();
  const idleDeadlines = new Set<string>();
  let cookiesSent = 0;
  let lastOk = 0;
  while (Date.now() - start < 12_000) {
    const response = await call(server.url, "GET", "/api/auth/session", { cookie });
    if (response.status !== 200) break;
    lastOk = Date.now() - start;
    idleDeadlines.add(response.body.session.idleExpiresAt);
    if (response.setCookies.length) cookiesSent++;
    await sleep(250);
  }
  // Alive well past the 4 s idle timeout, thanks to renewal...
  expect(lastOk).toBeGreaterThan(8000);
  // ...but not past the 10 s absolute lifetime.
  expect(lastOk).toBeLessThan(10_500);
  expect((await call(server.url, "GET", "/api/auth/session", { cookie })).status).toBe(401);
  // ~40 requests, yet the deadline moved only every 2 s or so: at most 5 times in 10 s.
  expect(idleDeadlines.size - 1).toBeGreaterThanOrEqual(3);
  expect(idleDeadlines.size - 1).toBeLessThanOrEqual(5);
  // Each renewal sent the cookie again, and only renewals did.
  expect(cookiesSent).toBe(idleDeadlines.size - 1);
});

test("a remembered session's cookie expiry follows each renewal", async () => {
  const { email } = await registerUser(server.url);
  const login = await logIn(server.url, email, goodPassword, { remember: true });
  const expiryOf = (setCookie: string) => new Date(/expires=([^;]+)/i.exec(setCookie)![1]!).getTime();
  const first = expiryOf(login.setCookies[0]!);
  await sleep(3200);
  const renewed = await call(server.url, "GET", "/api/auth/session", { cookie: login.cookie });
  expect(renewed.setCookies).toHaveLength(1);
  const second = expiryOf(renewed.setCookies[0]!);
  expect(second - first).toBeGreaterThan(2000);
  expect(Math.abs(second - new Date(renewed.body.session.expiresAt).getTime())).toBeLessThan(1000);
  // The cookie value itself is unchanged: only its lifetime moved.
  expect(renewed.cookie).toBe(login.cookie);
});

test("page navigations renew the session through proxy.ts", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const { email } = await registerUser(server.url);
  await signInThroughForm(page, email);
  const signedInAt = Date.now();
  // Navigate about every second for 6 s: past the 4 s idle timeout (kept alive by
  // renewals), and well before the 10 s absolute deadline.
  while (Date.now() - signedInAt < 6000) {
    await sleep(1000);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/dashboard$/);
  }
  await sleep(4500);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  await context.close();
});

test("signing in beyond the session cap ends the least recently used session", async () => {
  const { email, cookie: oldest } = await registerUser(server.url);
  const others = [];
  for (let i = 0; i < 3; i++) others.push((await logIn(server.url, email)).cookie!);
  expect((await call(server.url, "GET", "/api/auth/session", { cookie: oldest })).status).toBe(401);
  for (const cookie of others) expect((await call(server.url, "GET", "/api/auth/session", { cookie })).status).toBe(200);
});

test.describe("purging", { tag: "@once" }, () => {
  // Its own server: non-remembered sessions expire after 2 s, remembered ones live long,
  // so a slow `npm run` cannot make the live session expire too.
  let purgeServer: TestServer;
  test.beforeAll(async () => {
    purgeServer = await startServer(
      {
        SESSION_IDLE_TIMEOUT: "2",
        SESSION_REMEMBER_IDLE_TIMEOUT: "600",
        SESSION_PURGE_INTERVAL: "0",
      },
      "sqlite",
    );
  });
  test.afterAll(async () => {
    await purgeServer?.stop();
  });

  test("npm run sessions:purge deletes expired sessions and keeps live ones", async () => {
    const expired = await registerUser(purgeServer.url);
    const liveUser = await registerUser(purgeServer.url);
    const live = await logIn(purgeServer.url, liveUser.email, goodPassword, { remember: true, cookie: liveUser.cookie });
    await sleep(2500);
    const file = path.join(purgeServer.dataDir, "app.db");
    const count = () => {
      const db = new Database(file, { readonly: true });
      try {
        const row = db.prepare("SELECT COUNT(*) AS n FROM Session WHERE userId IN (?, ?)").get(expired.user.id, liveUser.user.id);
        return (row as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(count()).toBe(2);
    const output = execFileSync("npm", ["run", "--silent", "sessions:purge"], {
      env: purgeServer.env as NodeJS.ProcessEnv,
      encoding: "utf8",
    });
    expect(output).toMatch(/Deleted [1-9]\d* expired sessions?\./);
    expect(count()).toBe(1);
    expect((await call(purgeServer.url, "GET", "/api/auth/session", { cookie: live.cookie })).status).toBe(200);
  });
});

import { expect, test } from "@playwright/test";
import { runAdminCli } from "../support/admin";
import { goodPassword, registerUser, uniqueEmail } from "../support/api";
import { signInThroughForm } from "../support/browser";
import { callFrom, deviceCookieOf, loopback } from "../support/loopback";
import { changedKeys, countEvents, readCounters } from "../support/counters";
import { startInbox, type Inbox } from "../support/smtp";
import { startServer, type TestServer } from "../support/server";
import { appCode, challengeCookie, userWithTwoFactor } from "../support/two-factor";

// A2-A5: throttling slows the guesser, never the owner, and costs nothing when it refuses.
// Each test plays the attack from distinct loopback addresses (127.0.0.x), which the
// server sees as different clients.

const logInFrom = (n: number, server: TestServer, email: string, password: string, cookie?: string | null) =>
  callFrom(loopback(n), server.url, "POST", "/api/auth/login", { json: { email, password }, cookie });

/** Runs `count` tasks, `parallel` at a time. */
async function inBatches<T>(count: number, parallel: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += parallel) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - start) }, (_, j) => task(start + j)))));
  }
  return results;
}

test.describe("A2 one client cannot spend everyone's budget", () => {
  let server: TestServer;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    // 700 attempts would exhaust the global budget if the per-address refusals spent it.
    server = await startServer({ RATE_LIMIT_LOGIN_GLOBAL: "600", RATE_LIMIT_LOGIN_PER_IP: "20" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("700 refused sign-ins from one address, then another address signs in and re-authenticates", async () => {
    test.setTimeout(120_000);
    const owner = await registerUser(server.url);
    const statuses = await inBatches(700, 20, () =>
      logInFrom(2, server, uniqueEmail("made-up"), "not the password at all").then((r) => r.status),
    );
    expect(statuses.filter((status) => status === 401)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(680);

    // No device cookie: only the order of the limits lets this through.
    const signIn = await logInFrom(3, server, owner.email, goodPassword);
    expect(signIn.status).toBe(200);
    const reauthenticated = await callFrom(loopback(4), server.url, "POST", "/api/auth/reauthenticate", {
      json: { password: goodPassword },
      cookie: owner.cookie,
    });
    expect(reauthenticated.status).toBe(200);
  });
});

test.describe("A3 device cookies: the owner keeps signing in while guessers are held", () => {
  let server: TestServer;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    server = await startServer({ RATE_LIMIT_ACCOUNT_FREE_FAILURES: "3", RATE_LIMIT_DEVICE_FAILURES: "3", RATE_LIMIT_LOGIN_PER_IP: "30" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("the cookie: sealed, HttpOnly, SameSite=Lax, a year long, naming nothing readable", async () => {
    const { email } = await registerUser(server.url);
    const signIn = await logInFrom(5, server, email, goodPassword);
    const header = signIn.setCookies.find((c) => /-device=/.test(c))!;
    expect(header).toMatch(/^(__Host-)?session-device=Fe26\.2\*/);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=lax/i);
    expect(header).toMatch(/Path=\//);
    expect(Number(/Max-Age=(\d+)/i.exec(header)![1])).toBeGreaterThanOrEqual(364 * 24 * 60 * 60);
    expect(header).not.toContain(email.split("@")[0]);
    // Signing out ends the session, not the device cookie.
    const logout = await callFrom(loopback(5), server.url, "POST", "/api/auth/logout", { cookie: signIn.cookie });
    expect(logout.status).toBe(204);
    expect(logout.setCookies.some((c) => /-device=/.test(c))).toBe(false);
  });

  test("the sign-in form sets it too, and the page's sign-out keeps it", async ({ browser }) => {
    const { email } = await registerUser(server.url);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    const deviceCookies = async () => (await context.cookies()).filter((cookie) => cookie.name.endsWith("session-device"));
    await signInThroughForm(page, email);
    const [device] = await deviceCookies();
    expect(device).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(device!.expires * 1000).toBeGreaterThan(Date.now() + 364 * 24 * 60 * 60 * 1000);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    expect((await context.cookies()).some((cookie) => /^(__Host-)?session$/.test(cookie.name))).toBe(false);
    expect((await deviceCookies()).map((cookie) => cookie.value)).toEqual([device!.value]);
    await context.close();
  });

  test("while 40 addresses guess, the known device signs in, an unknown one with the right password is held, and the device's own limit holds it in the end", async () => {
    const owner = await registerUser(server.url);
    const earlier = await logInFrom(6, server, owner.email, goodPassword);
    expect(earlier.status).toBe(200);
    const device = deviceCookieOf(earlier)!;
    await callFrom(loopback(6), server.url, "POST", "/api/auth/logout", { cookie: `${earlier.cookie}; ${device}` });

    const guesses = await inBatches(40, 10, (i) =>
      logInFrom(10 + i, server, owner.email, `guess number ${i} of many`).then((r) => r.status),
    );
    expect(new Set(guesses)).toEqual(new Set([401, 429]));
    // The account is held for everyone else: even the right password from a new browser.
    const unknown = await logInFrom(60, server, owner.email, goodPassword);
    expect(unknown.status).toBe(429);
    // A device cookie of another account does not help either.
    const other = await registerUser(server.url);
    const otherDevice = deviceCookieOf(await logInFrom(61, server, other.email, goodPassword))!;
    expect((await logInFrom(61, server, owner.email, goodPassword, otherDevice)).status).toBe(429);

    // The owner's browser, from yet another address, signs straight in; and gets a new device cookie.
    const known = await logInFrom(62, server, owner.email, goodPassword, device);
    expect(known.status).toBe(200);
    const renewed = deviceCookieOf(known)!;
    expect(renewed).not.toBe(device);

    // The guessing goes on (the owner's success had cleared the account's delay) ...
    const more = await inBatches(10, 10, (i) => logInFrom(70 + i, server, owner.email, `more guess ${i}`).then((r) => r.status));
    expect(more).toContain(401);
    expect((await logInFrom(80, server, owner.email, goodPassword)).status).toBe(429);
    // ... and the device's own limit: after 3 wrong passwords through it, it is held like any other.
    for (let i = 0; i < 3; i++) expect((await logInFrom(63, server, owner.email, `typo ${i}`, renewed)).status).toBe(401);
    expect((await logInFrom(63, server, owner.email, goodPassword, renewed)).status).toBe(429);
  });
  test("a device cookie from before a password change exempts nobody; the browser that made the change keeps its own", async () => {
    const owner = await registerUser(server.url);
    const newPassword = "a brand new passphrase for this account";
    const before = deviceCookieOf(await logInFrom(90, server, owner.email, goodPassword))!;
    // The owner changes the password in another browser, which keeps its device under the new version.
    const acting = await logInFrom(91, server, owner.email, goodPassword);
    const actingDevice = deviceCookieOf(acting)!;
    const changed = await callFrom(loopback(91), server.url, "POST", "/api/users/me/password", {
      json: { currentPassword: goodPassword, newPassword },
      cookie: `${acting.cookie}; ${actingDevice}`,
    });
    expect(changed.status).toBe(204);
    const keptDevice = deviceCookieOf(changed)!;
    expect(keptDevice).not.toBe(actingDevice);

    // Guessers hold the account for unknown devices.
    await inBatches(10, 10, (i) => logInFrom(100 + i, server, owner.email, `guess after the change ${i}`));
    expect((await logInFrom(92, server, owner.email, newPassword)).status).toBe(429);
    // The cookie issued before the change counts as unknown (it might be the thief's) ...
    expect((await logInFrom(93, server, owner.email, newPassword, before)).status).toBe(429);
    // ... while the browser that made the change signs straight in.
    expect((await logInFrom(94, server, owner.email, newPassword, keptDevice)).status).toBe(200);
  });
});

test.describe("A4 consecutive caps, the owner's mails, the operators' unlock", () => {
  let server: TestServer;
  let inbox: Inbox;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    inbox = await startInbox();
    // A cap of 6 (100 by default), reached before any delay starts.
    server = await startServer({
      SMTP_URL: inbox.url,
      RATE_LIMIT_ACCOUNT_MAX_FAILURES: "6",
      RATE_LIMIT_ACCOUNT_FREE_FAILURES: "6",
      RATE_LIMIT_SECOND_FACTOR_MAX_FAILURES: "4",
    });
  });
  test.afterAll(async () => {
    await server?.stop();
    await inbox?.close();
  });

  const lockOut = async (email: string, from: number) => {
    for (let i = 0; i < 6; i++) expect((await logInFrom(from + i, server, email, `wrong guess ${i}`)).status).toBe(401);
    expect((await logInFrom(from + 6, server, email, goodPassword)).status).toBe(429);
  };

  test("past the cap the account is locked for unknown devices, the owner is mailed once, and `admin unlock` lifts it", async () => {
    const owner = await registerUser(server.url);
    await lockOut(owner.email, 20);
    // More attempts do not mail again.
    for (let i = 0; i < 5; i++) expect((await logInFrom(30 + i, server, owner.email, `still guessing ${i}`)).status).toBe(429);
    const mail = await inbox.waitForMail(owner.email, /locked for new devices/);
    expect(mail.text).toMatch(/reset-password\?token=[A-Za-z0-9_-]+/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(inbox.mailsTo(owner.email, /locked for new devices/)).toHaveLength(1);

    const output = runAdminCli(server.env, ["unlock", "--email", owner.email]);
    expect(output).toMatch(/unlocked/);
    expect((await logInFrom(36, server, owner.email, goodPassword)).status).toBe(200);
  });

  test("the admin page's Unlock and the API's lift it too", async ({ browser }) => {
    const owner = await registerUser(server.url);
    const admin = uniqueEmail("admin");
    runAdminCli(server.env, ["create", "--email", admin, "--name", "Ada Admin"], `${goodPassword}\n`);

    await lockOut(owner.email, 40);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signInThroughForm(page, admin);
    await page.goto(`/admin/users/${owner.user.id}`);
    await expect(page.getByTestId("sign-in-lock")).toContainText("locked for unknown devices");
    await page.getByRole("button", { name: "Unlock sign-in" }).click();
    await expect(page.getByRole("status")).toContainText("The sign-in lock is lifted");
    await expect(page.getByTestId("sign-in-lock")).toContainText("not locked");
    await context.close();
    expect((await logInFrom(47, server, owner.email, goodPassword)).status).toBe(200);

    await lockOut(owner.email, 50);
    const adminSignIn = await logInFrom(57, server, admin, goodPassword);
    const unlocked = await callFrom(loopback(57), server.url, "POST", `/api/users/${owner.user.id}/unlock`, { cookie: adminSignIn.cookie });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.lock).toEqual({ failedPasswords: 0, failedCodes: 0, locked: false });
    expect((await logInFrom(58, server, owner.email, goodPassword)).status).toBe(200);
    // Only administrators.
    const forbidden = await callFrom(loopback(58), server.url, "POST", `/api/users/${owner.user.id}/unlock`, { cookie: owner.cookie });
    expect(forbidden.status).toBe(403);
  });

  test("wrong second-factor codes are capped alike; a right password followed by wrong codes mails the owner once", async () => {
    const owner = await userWithTwoFactor(server.url);
    const passwordStep = async (from: number) => {
      const response = await logInFrom(from, server, owner.email, goodPassword);
      expect(response.body.secondFactorRequired).toBe(true);
      return challengeCookie(response)!;
    };
    const code = (from: number, challenge: string, value: string) =>
      callFrom(loopback(from), server.url, "POST", "/api/auth/login/second-factor", { json: { code: value }, cookie: challenge });

    const challenge = await passwordStep(70);
    for (let i = 0; i < 4; i++) expect((await code(70, challenge, String(100000 + i))).status).toBe(400);
    // Locked: even the right code from a new browser is held.
    expect((await code(71, await passwordStep(71), appCode(owner.secret, 1))).status).toBe(429);
    await inbox.waitForMail(owner.email, /locked for new devices/);
    await inbox.waitForMail(owner.email, /someone entered your password/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(inbox.mailsTo(owner.email, /someone entered your password/)).toHaveLength(1);
    expect(inbox.mailsTo(owner.email, /locked for new devices/)).toHaveLength(1);

    runAdminCli(server.env, ["unlock", "--email", owner.email]);
    expect((await code(72, await passwordStep(72), appCode(owner.secret, 1))).status).toBe(200);
  });
});

test.describe("A5 a refused attempt writes nothing", () => {
  let server: TestServer;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    server = await startServer({ RATE_LIMIT_ACCOUNT_MAX_FAILURES: "3", RATE_LIMIT_ACCOUNT_FREE_FAILURES: "3" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("200 attempts on a locked account add one throttled record, and cost a made-up address the same writes", async () => {
    test.setTimeout(120_000);
    const owner = await registerUser(server.url);
    const madeUp = uniqueEmail("nobody");
    for (const email of [owner.email, madeUp]) {
      for (let i = 0; i < 3; i++) expect((await logInFrom(80 + i, server, email, `wrong ${i}`)).status).toBe(401);
    }
    const attack = async (email: string) => {
      const before = await readCounters(server);
      const statuses = await inBatches(200, 20, (i) => logInFrom(90 + (i % 100), server, email, `guess ${i}`).then((r) => r.status));
      expect(new Set(statuses)).toEqual(new Set([429]));
      // The one key that changed is the window's "throttled" note for this email.
      return changedKeys(before, await readCounters(server)).map((key) => key.replace(email, "<email>"));
    };
    const ownerWrites = await attack(owner.email);
    const madeUpWrites = await attack(madeUp);
    expect(ownerWrites).toEqual(madeUpWrites);
    expect(ownerWrites).toHaveLength(1);
    expect(ownerWrites[0]).toMatch(/throttled-notes/);

    await expect.poll(() => countEvents(server, owner.user.id, "throttled")).toBe(1);
    const activity = await callFrom(loopback(80), server.url, "GET", "/api/users/me/activity?limit=100", { cookie: owner.cookie });
    const throttled = activity.body.events.filter((event: { type: string }) => event.type === "throttled");
    expect(throttled).toHaveLength(1);
  });
});

test.describe("A2, A5 passwordless passkey sign-ins begun are limited per address, apart from the password budget", () => {
  let server: TestServer;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    server = await startServer({ RATE_LIMIT_PASSKEY_OPTIONS_PER_IP: "5", RATE_LIMIT_LOGIN_PER_IP: "3" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("a flood of sign-in options from one address gets 429 past its share; other addresses and its own password sign-in are untouched", async () => {
    const owner = await registerUser(server.url);
    const begin = (n: number) => callFrom(loopback(n), server.url, "POST", "/api/auth/passkeys/sign-in/options");
    // Each of these would store a challenge: the table grows no faster than the limit lets it.
    const statuses = await inBatches(40, 10, () => begin(20).then((r) => r.status));
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
    const refused = await begin(20);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.body).toMatchObject({ error: { code: "rate_limited" } });

    expect((await begin(21)).status).toBe(200);
    expect((await logInFrom(20, server, owner.email, goodPassword)).status).toBe(200);
  });
});

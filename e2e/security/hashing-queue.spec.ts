import { expect, test } from "@playwright/test";
import { call, goodPassword, registerUser, uniqueEmail } from "../support/api";
import { loopbackAddress, postFrom, type TimedResponse } from "../support/loopback";
import { startServer, type TestServer } from "../support/server";

// A6: the line of password checks is bounded. Past it a sign-in is refused at once with 503 and
// Retry-After; a client that has gone is not hashed; the pages and the API say so cleanly.

const wrongPassword = "not the password, but long enough";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.describe("A6 a flood of sign-ins", () => {
  let server: TestServer;
  test.beforeAll(async () => {
    // Only the hashing line bounds this flood: every per-address and global budget is out of reach.
    server = await startServer({ RATE_LIMIT_LOGIN_PER_IP: "1000000", RATE_LIMIT_LOGIN_GLOBAL: "1000000" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("1,200 concurrent sign-ins from 1,200 addresses are each answered within 10 s, mostly 503 with Retry-After, never 500; the owner's known device 1.5 s in signs in within 3 s", async () => {
    test.setTimeout(180_000);
    const owner = await registerUser(server.url);
    const loginUrl = `${server.url}/api/auth/login`;
    // The owner's browser, from an address of its own, with the cookies it holds.
    const ownerSignIn = (cookie?: string) => postFrom("127.0.0.2", loginUrl, { email: owner.email, password: owner.password }, { cookie });
    // An earlier sign-in left a device cookie (lib/device-cookie.ts) in the owner's browser.
    const earlier = await ownerSignIn();
    expect(earlier.status).toBe(200);
    const deviceCookie = ([] as string[])
      .concat(earlier.headers["set-cookie"] ?? [])
      .map((line) => line.split(";")[0]!)
      .find((pair) => /^[^=]*-device=/.test(pair));
    expect(deviceCookie, "the sign-in sets a device cookie").toBeDefined();

    const flood = Array.from({ length: 1200 }, (_, i) =>
      postFrom(loopbackAddress(i), loginUrl, { email: uniqueEmail(`flood${i}`), password: wrongPassword }),
    );
    await sleep(1500);
    const ownerAnswer = await ownerSignIn(deviceCookie);
    const answers: TimedResponse[] = await Promise.all(flood);

    const statuses = new Map<number, number>();
    for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
    const summary = JSON.stringify(Object.fromEntries(statuses));
    // Only "wrong password" and "busy": nothing failed, nothing throttled by another limit.
    expect([...statuses.keys()].sort(), summary).toEqual([401, 503]);
    expect(statuses.get(503)!, summary).toBeGreaterThan(answers.length / 2);
    const slowest = Math.max(...answers.map((answer) => answer.ms));
    const measured = `${summary}; slowest ${Math.round(slowest)} ms; owner ${ownerAnswer.status} in ${Math.round(ownerAnswer.ms)} ms`;
    test.info().annotations.push({ type: "measured", description: measured });
    console.log(`A6 flood: ${measured}`);
    expect(slowest, `slowest answer ${Math.round(slowest)} ms`).toBeLessThan(10_000);
    for (const busy of answers.filter((answer) => answer.status === 503)) {
      expect(busy.body.error.code).toBe("service_unavailable");
      expect(Number(busy.headers["retry-after"])).toBeGreaterThan(0);
    }

    // Known devices go to the front of the line (lib/hashing-queue.ts), past a thousand strangers.
    expect(ownerAnswer.status, JSON.stringify(ownerAnswer.body)).toBe(200);
    expect(ownerAnswer.ms).toBeLessThan(3_000);
    // And once the flood has passed, the owner signs in as ever.
    expect((await ownerSignIn()).status).toBe(200);
  });
});

test.describe("A6 a client that has gone", () => {
  let server: TestServer;
  test.beforeAll(async () => {
    // The default cost: each hash takes a core for ~200 ms, so a line of twenty lasts seconds.
    server = await startServer({ BCRYPT_COST: "12", RATE_LIMIT_LOGIN_GLOBAL: "1000000" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("a sign-in whose client disconnects while it waits in line is never checked", async () => {
    test.setTimeout(120_000);
    const victim = await registerUser(server.url);
    const loginUrl = `${server.url}/api/auth/login`;
    // Twenty checks ahead of it: at ~200 ms a hash on two threads, its turn is seconds away.
    const ahead = Array.from({ length: 20 }, (_, i) =>
      postFrom(loopbackAddress(i), loginUrl, { email: uniqueEmail("ahead"), password: wrongPassword }),
    );
    await sleep(300);
    const client = new AbortController();
    const gone = postFrom("127.0.0.3", loginUrl, { email: victim.email, password: wrongPassword }, { signal: client.signal });
    await sleep(300);
    client.abort();
    await expect(gone).rejects.toThrow();
    const answered = await Promise.all(ahead);
    expect(answered.map((answer) => answer.status)).toEqual(answered.map(() => 401));
    await sleep(500);

    // Checked, the wrong password would be in the account's activity as a failed sign-in.
    const signedIn = await call(server.url, "POST", "/api/auth/login", { json: { email: victim.email, password: goodPassword } });
    expect(signedIn.status).toBe(200);
    const activity = await call(server.url, "GET", "/api/users/me/activity?limit=50", { cookie: signedIn.cookie });
    expect(activity.status).toBe(200);
    const types = (activity.body.events as Array<{ type: string }>).map((event) => event.type);
    expect(types).toContain("login_succeeded");
    expect(types).not.toContain("login_failed");
  });
});

test.describe("A6 the busy answer on the pages and the API", () => {
  let server: TestServer;
  let keepBusy = true;
  let pumps: Promise<void>[] = [];
  test.beforeAll(async () => {
    // No waiting places at all: with eight clients signing in over and over at the default cost,
    // the four running places are (nearly) always taken.
    server = await startServer({ BCRYPT_COST: "12", HASH_QUEUE_PER_THREAD: "0", RATE_LIMIT_LOGIN_GLOBAL: "1000000" });
    pumps = Array.from({ length: 8 }, async (_, i) => {
      while (keepBusy)
        await postFrom(loopbackAddress(i), `${server.url}/api/auth/login`, { email: uniqueEmail("pump"), password: wrongPassword });
    });
  });
  test.afterAll(async () => {
    keepBusy = false;
    await Promise.all(pumps);
    await server?.stop();
  });

  /** Retries `attempt` until it meets the full line (a slot may come free between two pump requests). */
  async function untilBusy<T>(attempt: () => Promise<T>, isBusy: (result: T) => boolean): Promise<T> {
    let result = await attempt();
    for (let tries = 1; tries < 10 && !isBusy(result); tries++) result = await attempt();
    return result;
  }

  test("the API answers 503 service_unavailable with Retry-After to sign-in and registration, never 500", async () => {
    // Without cookies the refusal comes from the door (server.mjs), with any cookie from the line in the app.
    for (const [path, json, cookie] of [
      ["/api/auth/login", { email: uniqueEmail(), password: wrongPassword }, undefined],
      ["/api/auth/login", { email: uniqueEmail(), password: wrongPassword }, "unrelated=1"],
      ["/api/auth/register", { email: uniqueEmail(), password: goodPassword }, undefined],
      ["/api/auth/register", { email: uniqueEmail(), password: goodPassword }, "unrelated=1"],
    ] as const) {
      const answer = await untilBusy(
        () => call(server.url, "POST", path, { json, cookie }),
        (response) => response.status === 503,
      );
      expect(answer.status, `${path} ${cookie ?? ""}`).toBe(503);
      expect(answer.body).toEqual({
        error: { code: "service_unavailable", message: "The server is busy checking passwords right now. Try again in a few seconds." },
      });
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    }
  });

  test("the login form shows the busy message and keeps the email", async ({ page }) => {
    const email = uniqueEmail();
    await page.goto(`${server.url}/login`);
    const busy = page.getByText("The server is busy checking passwords right now. Try again in a few seconds.");
    const wrong = page.getByText("The email or password is incorrect.");
    for (let tries = 0; tries < 10 && !(await busy.isVisible()); tries++) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(wrongPassword);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(busy.or(wrong)).toBeVisible();
      if (await wrong.isVisible()) await page.reload();
    }
    await expect(busy).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue(email);
  });
});

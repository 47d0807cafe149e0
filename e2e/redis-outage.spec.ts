import { Redis } from "ioredis";
import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser } from "./support/api";
import { signInThroughForm } from "./support/browser";
import { servesFromCache } from "./support/cache";
import { type OwnRedis, startOwnRedis } from "./support/redis-server";
import { startServer, type TestServer } from "./support/server";

// Redis killed and started again under a running server, which is never restarted.
// With sessions in Redis, requests fail closed (503) while it is gone; with Redis
// carrying only rate limits and evictions, the app carries on without it. Both
// come back on their own. The Redis restarts empty (nothing kept on disk).

let redis: OwnRedis;
let server: TestServer | undefined;

test.beforeEach(async () => {
  redis = await startOwnRedis();
});
test.afterEach(async () => {
  await server?.stop();
  server = undefined;
  await redis.kill();
});

const sessionStatus = async (cookie: string) => (await call(server!.url, "GET", "/api/auth/session", { cookie })).status;

test(
  "sessions in Redis: while it is down nobody gets in (503); afterwards the app recovers by itself",
  { tag: "@once" },
  async ({ browser }) => {
    test.setTimeout(120_000);
    server = await startServer({ REDIS_URL: redis.url, SESSION_STORE: "redis" }, "postgres-redis");
    const { email, cookie } = await registerUser(server.url);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signInThroughForm(page, email);
    expect(await sessionStatus(cookie)).toBe(200);

    // A Redis that stops answering but keeps its sockets open: requests get their 503 within
    // the command timeout instead of hanging, and all is well again once it answers.
    redis.pause();
    // (Without the command timeout each request would wait on TCP for many minutes: the poll would fail.)
    await expect.poll(() => sessionStatus(cookie), { timeout: 10_000 }).toBe(503);
    redis.resume();
    await expect.poll(() => sessionStatus(cookie), { timeout: 10_000 }).toBe(200);

    await redis.kill();
    // The instance stops trusting its cache as soon as its Redis connection drops.
    await expect.poll(() => sessionStatus(cookie), { timeout: 3000 }).toBe(503);
    for (const [method, path] of [
      ["GET", "/api/auth/session"],
      ["GET", "/api/users/me"],
      ["GET", "/api/sessions"],
      ["GET", "/api/health"],
    ]) {
      const response = await call(server.url, method!, path!, { cookie });
      expect(response.status, path).toBe(503);
      expect(response.body.error.code).toBe("service_unavailable");
    }
    const login = await logIn(server.url, email);
    expect(login.status).toBe(503);
    expect(login.cookie).toBeNull();
    const dashboard = await page.goto("/dashboard");
    expect(dashboard!.status()).toBe(503);
    await expect(page.getByRole("heading", { name: "Temporarily unavailable" })).toBeVisible();
    expect(server.output()).toContain("REDIS UNAVAILABLE");

    await redis.start();
    await expect.poll(async () => (await call(server!.url, "GET", "/api/health")).status, { timeout: 15_000 }).toBe(200);
    // The sessions went with the old Redis: signed out, not let in.
    expect(await sessionStatus(cookie)).toBe(401);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login/);
    const again = await logIn(server.url, email);
    expect(again.status).toBe(200);
    expect(await sessionStatus(again.cookie!)).toBe(200);
    await context.close();
  },
);

test("Redis for limits and evictions only: the app keeps working without it, then uses it again", { tag: "@once" }, async () => {
  test.setTimeout(120_000);
  // Cache entries trusted for 60 s: only the eviction channel keeps them honest.
  server = await startServer({ REDIS_URL: redis.url, SESSION_STORE: "database", SESSION_CACHE_TTL: "60" }, "postgres-redis");
  const { email, cookie } = await registerUser(server.url);
  expect((await call(server.url, "GET", "/api/health")).body).toEqual({ status: "ok", redis: "ok" });
  await expect.poll(() => servesFromCache(server!), { timeout: 10_000 }).toBe(true);

  // A Redis that hangs with its sockets open: evictions could no longer arrive, so the
  // instance must notice (the subscriber's PING) and stop answering from its cache.
  redis.pause();
  await expect.poll(() => servesFromCache(server!), { timeout: 15_000 }).toBe(false);
  redis.resume();
  await expect.poll(() => servesFromCache(server!), { timeout: 15_000 }).toBe(true);

  await redis.kill();
  await expect
    .poll(async () => (await call(server!.url, "GET", "/api/health")).body, { timeout: 5000 })
    .toEqual({
      status: "degraded",
      redis: "unavailable",
    });
  expect(await sessionStatus(cookie)).toBe(200);
  // Sign-in throttling falls back to this instance's memory rather than failing.
  expect((await logIn(server.url, email, "a wrong password, clearly")).status).toBe(401);
  const during = await logIn(server.url, email);
  expect(during.status).toBe(200);
  expect((await call(server.url, "POST", "/api/auth/logout", { cookie: during.cookie })).status).toBe(204);
  expect(await sessionStatus(during.cookie!)).toBe(401);
  expect(server.output()).toContain("REDIS UNAVAILABLE");

  await redis.start();
  await expect
    .poll(async () => (await call(server!.url, "GET", "/api/health")).body, { timeout: 15_000 })
    .toEqual({ status: "ok", redis: "ok" });
  // Counters are in Redis again: a failed sign-in leaves its mark there.
  expect((await logIn(server.url, email, "another wrong password")).status).toBe(401);
  const client = new Redis(redis.url);
  try {
    expect(await client.keys(`*account-failures*${email}`)).toHaveLength(1);
  } finally {
    client.disconnect();
  }
  expect((await logIn(server.url, email, goodPassword)).status).toBe(200);
  expect(await sessionStatus(cookie)).toBe(200);
});

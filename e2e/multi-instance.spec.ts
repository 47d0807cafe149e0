import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createAdmin } from "./support/admin";
import { call, goodPassword, logIn, registerUser } from "./support/api";
import { servesFromCache } from "./support/cache";
import { startServer, type TestServer } from "./support/server";

// Two production servers sharing PostgreSQL and Redis, as behind a load balancer.
// Their session caches trust an entry for 60 s here (the most SESSION_CACHE_TTL
// allows), so whatever ends a session on one instance within that time can only
// reach the other through the eviction channel: nothing below waits for a TTL.

const stores = [
  { name: "sessions in Redis", env: { SESSION_STORE: "redis" } },
  { name: "sessions in PostgreSQL, Redis for limits and evictions", env: { SESSION_STORE: "database" } },
];

for (const store of stores) {
  test.describe(`two instances, ${store.name}`, { tag: "@once" }, () => {
    let a: TestServer;
    let b: TestServer;

    test.beforeAll(async () => {
      test.setTimeout(120_000);
      const shared = {
        ...store.env,
        SESSION_SECRET: crypto.randomBytes(32).toString("base64url"),
        PASSWORD_PEPPER: crypto.randomBytes(32).toString("base64url"),
        SESSION_CACHE_TTL: "60",
        RATE_LIMIT_ACCOUNT_FREE_FAILURES: "3",
      };
      a = await startServer(shared, "postgres-redis");
      // B opens A's database and Redis keys.
      const { DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX } = a.env;
      b = await startServer({ ...shared, DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX }, "postgres-redis");
      // Without this, a test below could pass merely because a cache was not in use yet.
      for (const server of [a, b]) await expect.poll(() => servesFromCache(server), { timeout: 10_000 }).toBe(true);
    });
    test.afterAll(async () => {
      await b?.stop();
      await a?.stop();
    });

    test("a session made on A works on B; ended through B, A refuses it on its next request", async () => {
      const { cookie } = await registerUser(a.url);
      expect((await call(a.url, "GET", "/api/auth/session", { cookie })).status).toBe(200);
      expect((await call(b.url, "GET", "/api/auth/session", { cookie })).status).toBe(200);

      expect((await call(b.url, "POST", "/api/auth/logout", { cookie })).status).toBe(204);
      expect((await call(a.url, "GET", "/api/auth/session", { cookie })).status).toBe(401);
      expect((await call(b.url, "GET", "/api/auth/session", { cookie })).status).toBe(401);
    });

    test("a session revoked from B's session list is refused by A at once", async () => {
      const { email, cookie } = await registerUser(a.url);
      const other = await logIn(a.url, email);
      expect((await call(a.url, "GET", "/api/auth/session", { cookie: other.cookie })).status).toBe(200);
      const list = await call(b.url, "GET", "/api/sessions", { cookie });
      const target = list.body.sessions.find((s: { current: boolean }) => !s.current);
      expect((await call(b.url, "DELETE", `/api/sessions/${target.id}`, { cookie })).status).toBe(204);
      expect((await call(a.url, "GET", "/api/auth/session", { cookie: other.cookie })).status).toBe(401);
      expect((await call(a.url, "GET", "/api/auth/session", { cookie })).status).toBe(200);
    });

    test("the per-account sign-in limit counts attempts made on both", async () => {
      const { email } = await registerUser(a.url);
      // Three free failures (RATE_LIMIT_ACCOUNT_FREE_FAILURES), spread over both instances;
      // each instance alone has seen at most two.
      for (const server of [a, b, a]) expect((await logIn(server.url, email, "a wrong password, clearly")).status).toBe(401);
      const throttled = await logIn(b.url, email, goodPassword);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    });

    test("a password change on A signs the other sessions out on B", async () => {
      const { email, cookie } = await registerUser(a.url);
      const onB = await logIn(b.url, email);
      expect((await call(b.url, "GET", "/api/auth/session", { cookie: onB.cookie })).status).toBe(200);

      const newPassword = "a brand new and quite long passphrase";
      const change = await call(a.url, "POST", "/api/users/me/password", { cookie, json: { currentPassword: goodPassword, newPassword } });
      expect(change.status).toBe(204);
      expect((await call(b.url, "GET", "/api/auth/session", { cookie: onB.cookie })).status).toBe(401);
      expect((await call(a.url, "GET", "/api/auth/session", { cookie: change.cookie ?? cookie })).status).toBe(200);
      expect((await logIn(b.url, email, newPassword)).status).toBe(200);
    });

    test("an account disabled by an administrator on A is signed out on B at once", async () => {
      const admin = await createAdmin(a.url, a.env);
      const { user, email } = await registerUser(a.url);
      const onB = await logIn(b.url, email);
      expect((await call(b.url, "GET", "/api/users/me", { cookie: onB.cookie })).status).toBe(200);
      const disable = await call(a.url, "PATCH", `/api/users/${user.id}`, { cookie: admin.cookie, json: { disabled: true } });
      expect(disable.status).toBe(200);
      expect((await call(b.url, "GET", "/api/users/me", { cookie: onB.cookie })).status).toBe(401);
    });

    test("an administrator demoted on A loses the admin API on B at once, and B shows the new name", async () => {
      const admin = await createAdmin(a.url, a.env);
      const demoted = await createAdmin(a.url, a.env);
      const onB = await logIn(b.url, demoted.email);
      // Read on B first: B's cache, and with sessions in Redis the account's copy there, now hold the admin.
      expect((await call(b.url, "GET", "/api/stats", { cookie: onB.cookie })).status).toBe(200);
      const change = await call(a.url, "PATCH", `/api/users/${demoted.user.id}`, {
        cookie: admin.cookie,
        json: { role: "user", name: "Demoted" },
      });
      expect(change.status).toBe(200);
      expect((await call(b.url, "GET", "/api/stats", { cookie: onB.cookie })).status).toBe(403);
      expect((await call(b.url, "GET", "/api/users/me", { cookie: onB.cookie })).body.user).toMatchObject({
        role: "user",
        name: "Demoted",
      });
    });
  });
}

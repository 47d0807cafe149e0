import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { runAdminCli } from "./support/admin";
import { call, goodPassword, logIn, registerUser } from "./support/api";
import { startServer } from "./support/server";

// The same app on a fresh PostgreSQL database (on TEST_DATABASE_URL's server, by default
// 127.0.0.1:5432 as on every machine of this project): migrations applied once at start, the CLI on the same database.
// The whole suite also runs on PostgreSQL (E2E_CONFIG); this covers what it cannot.

test("on PostgreSQL: migrations at start, sign-up, sign-in, sessions, administration, logout", { tag: "@once" }, async () => {
  test.setTimeout(120_000);
  const server = await startServer({}, "postgres");
  try {
    expect((await call(server.url, "GET", "/api/health")).status).toBe(200);
    const { email, cookie } = await registerUser(server.url);
    expect(
      (await call(server.url, "POST", "/api/auth/register", { json: { email: email.toUpperCase(), password: goodPassword } })).status,
    ).toBe(409);
    expect((await logIn(server.url, email, "not the password at all")).status).toBe(401);
    const second = await logIn(server.url, email);
    expect(second.status).toBe(200);

    const sessions = await call(server.url, "GET", "/api/sessions", { cookie });
    expect(sessions.body.sessions).toHaveLength(2);
    expect((await call(server.url, "POST", "/api/sessions/revoke-others", { cookie })).body).toEqual({ revoked: 1 });
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: second.cookie })).status).toBe(401);

    const activity = await call(server.url, "GET", "/api/users/me/activity", { cookie });
    expect(activity.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(["registered", "login_failed", "login_succeeded", "other_sessions_revoked"]),
    );

    // The admin CLI talks to the same PostgreSQL database.
    runAdminCli(server.env, ["promote", "--email", email]);
    await expect.poll(async () => (await call(server.url, "GET", "/api/stats", { cookie })).status, { timeout: 3000 }).toBe(200);

    // A restart applies no migration twice: each was applied once, at the first start.
    await server.restart();
    const migrations = fs.readdirSync("prisma/postgresql/migrations", { withFileTypes: true }).filter((entry) => entry.isDirectory());
    for (const { name } of migrations) expect(server.output()).toContain(`Applied migration ${name}`);
    expect(server.output().match(/Applied migration/g)).toHaveLength(migrations.length);
    expect((await call(server.url, "GET", "/api/auth/session", { cookie })).status).toBe(200);

    expect((await call(server.url, "POST", "/api/auth/logout", { cookie })).status).toBe(204);
    expect((await call(server.url, "GET", "/api/auth/session", { cookie })).status).toBe(401);
  } finally {
    await server.stop();
  }
});

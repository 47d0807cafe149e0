import { expect, test } from "@playwright/test";
import { createAdmin } from "./support/admin";
import { call, logIn, registerUser } from "./support/api";
import { startServer } from "./support/server";

// Users and administration over the API: who may do what, and what it does.

test.describe("authorization matrix", () => {
  test("every admin route: anonymous 401, user 403, admin allowed", async ({ baseURL }) => {
    const admin = await createAdmin(baseURL!);
    const alice = await registerUser(baseURL!);
    const target = await registerUser(baseURL!);
    const routes: Array<[string, string, unknown?]> = [
      ["GET", "/api/users"],
      ["GET", "/api/users?query=example&limit=5"],
      ["GET", `/api/users/${target.user.id}`],
      ["PATCH", `/api/users/${target.user.id}`, { name: "Renamed" }],
      ["DELETE", `/api/users/${target.user.id}/sessions`],
      ["GET", "/api/stats"],
      ["DELETE", `/api/users/${target.user.id}`],
    ];
    for (const [method, path, json] of routes) {
      const anonymous = await call(baseURL!, method, path, { json });
      expect(anonymous.status, `${method} ${path} anonymous`).toBe(401);
      expect(anonymous.body.error.code).toBe("unauthenticated");
      const user = await call(baseURL!, method, path, { json, cookie: alice.cookie });
      expect(user.status, `${method} ${path} user`).toBe(403);
      expect(user.body.error.code).toBe("forbidden");
    }
    // Nothing happened to the target meanwhile.
    expect((await call(baseURL!, "GET", "/api/users/me", { cookie: target.cookie })).body.user.name).toBe("Test User");
    for (const [method, path, json] of routes) {
      const response = await call(baseURL!, method, path, { json, cookie: admin.cookie });
      expect(response.status, `${method} ${path} admin`).toBeLessThan(300);
    }
    expect((await call(baseURL!, "GET", `/api/users/${target.user.id}`, { cookie: admin.cookie })).status).toBe(404);
  });

  test("a user cannot reach another user's resources by id, nor raise their own role", async ({ baseURL }) => {
    const mallory = await registerUser(baseURL!);
    const victim = await registerUser(baseURL!);
    expect((await call(baseURL!, "GET", `/api/users/${victim.user.id}`, { cookie: mallory.cookie })).status).toBe(403);
    expect(
      (await call(baseURL!, "PATCH", `/api/users/${mallory.user.id}`, { cookie: mallory.cookie, json: { role: "admin" } })).status,
    ).toBe(403);
    const escalate = await call(baseURL!, "PATCH", "/api/users/me", { cookie: mallory.cookie, json: { name: "M", role: "admin" } });
    expect(escalate.status).toBe(400);
    const victimSession = (await call(baseURL!, "GET", "/api/sessions", { cookie: victim.cookie })).body.sessions[0].id;
    expect((await call(baseURL!, "DELETE", `/api/sessions/${victimSession}`, { cookie: mallory.cookie })).status).toBe(404);
    const me = await call(baseURL!, "GET", "/api/users/me", { cookie: mallory.cookie });
    expect(me.body.user.role).toBe("user");
    expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: victim.cookie })).status).toBe(200);
  });
});

test("PATCH /api/users/me changes only the name", async ({ baseURL }) => {
  const { cookie } = await registerUser(baseURL!);
  const response = await call(baseURL!, "PATCH", "/api/users/me", { cookie, json: { name: "  New Name  " } });
  expect(response.status).toBe(200);
  expect(response.body.user.name).toBe("New Name");
  expect((await call(baseURL!, "PATCH", "/api/users/me", { cookie, json: { name: "" } })).status).toBe(400);
  expect((await call(baseURL!, "PATCH", "/api/users/me", { cookie, json: { name: { $ne: 1 } } })).status).toBe(400);
});

test("admins search and page through users", async ({ baseURL }) => {
  const admin = await createAdmin(baseURL!);
  const tag = `tag${Date.now()}`;
  for (let i = 0; i < 3; i++) await registerUser(baseURL!, { email: `${tag}-${i}@example.test` });
  const first = await call(baseURL!, "GET", `/api/users?query=${tag}&limit=2`, { cookie: admin.cookie });
  expect(first.body.users.map((u: { email: string }) => u.email)).toEqual([`${tag}-0@example.test`, `${tag}-1@example.test`]);
  const second = await call(baseURL!, "GET", `/api/users?query=${tag}&limit=2&cursor=${first.body.nextCursor}`, { cookie: admin.cookie });
  expect(second.body.users.map((u: { email: string }) => u.email)).toEqual([`${tag}-2@example.test`]);
  expect(second.body.nextCursor).toBeNull();
  for (const user of [...first.body.users, ...second.body.users]) expect(user).not.toHaveProperty("passwordHash");
  // Names match in any case, on every database.
  const named = await registerUser(baseURL!, { name: `Grace ${tag}` });
  const byName = await call(baseURL!, "GET", `/api/users?query=${encodeURIComponent(`grace ${tag.toUpperCase()}`)}`, {
    cookie: admin.cookie,
  });
  expect(byName.body.users.map((u: { email: string }) => u.email)).toEqual([named.email]);
  const stats = await call(baseURL!, "GET", "/api/stats", { cookie: admin.cookie });
  expect(stats.body.users).toBeGreaterThanOrEqual(4);
  expect(stats.body.activeSessions).toBeGreaterThanOrEqual(1);
  expect(stats.body.signInsLast24h).toBeGreaterThanOrEqual(1);
});

test("disabling ends every session at once, sign-in then fails generically, and it is all on record", async ({ baseURL }) => {
  const admin = await createAdmin(baseURL!);
  const { email, cookie, user } = await registerUser(baseURL!);
  const second = (await logIn(baseURL!, email)).cookie!;
  const disable = await call(baseURL!, "PATCH", `/api/users/${user.id}`, { cookie: admin.cookie, json: { disabled: true } });
  expect(disable.status).toBe(200);
  expect(disable.body.user.disabledAt).toBeTruthy();
  for (const c of [cookie, second]) expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: c })).status).toBe(401);

  const refused = await logIn(baseURL!, email);
  const wrong = await logIn(baseURL!, email, "not the password at all");
  expect(refused.status).toBe(401);
  expect(refused.body).toEqual(wrong.body);

  await call(baseURL!, "PATCH", `/api/users/${user.id}`, { cookie: admin.cookie, json: { disabled: false, role: "admin" } });
  const back = await logIn(baseURL!, email);
  expect(back.status).toBe(200);
  const activity = await call(baseURL!, "GET", "/api/users/me/activity", { cookie: back.cookie });
  const byAdmin = activity.body.events.filter((e: { actorId: string | null }) => e.actorId === admin.user.id);
  expect(byAdmin.map((e: { type: string }) => e.type)).toEqual(
    expect.arrayContaining(["account_disabled", "account_enabled", "role_changed"]),
  );
});

test("admins end a user's sessions and delete accounts", async ({ baseURL }) => {
  const admin = await createAdmin(baseURL!);
  const { email, cookie, user } = await registerUser(baseURL!);
  await logIn(baseURL!, email);
  const revoked = await call(baseURL!, "DELETE", `/api/users/${user.id}/sessions`, { cookie: admin.cookie });
  expect(revoked).toMatchObject({ status: 200, body: { revoked: 2 } });
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie })).status).toBe(401);

  const again = (await logIn(baseURL!, email)).cookie!;
  expect((await call(baseURL!, "DELETE", `/api/users/${user.id}`, { cookie: admin.cookie })).status).toBe(204);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: again })).status).toBe(401);
  expect((await logIn(baseURL!, email)).status).toBe(401);
  expect((await call(baseURL!, "DELETE", `/api/users/${user.id}`, { cookie: admin.cookie })).status).toBe(404);
});

test("the last active administrator cannot be demoted, disabled or deleted", async () => {
  // A server of its own, so that this admin really is the only one.
  const server = await startServer();
  try {
    const admin = await createAdmin(server.url, server.env);
    for (const json of [{ role: "user" }, { disabled: true }]) {
      const response = await call(server.url, "PATCH", `/api/users/${admin.user.id}`, { cookie: admin.cookie, json });
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe("last_admin");
    }
    expect((await call(server.url, "DELETE", `/api/users/${admin.user.id}`, { cookie: admin.cookie })).status).toBe(409);
    const second = await createAdmin(server.url, server.env);
    expect((await call(server.url, "PATCH", `/api/users/${admin.user.id}`, { cookie: second.cookie, json: { role: "user" } })).status).toBe(
      200,
    );
    expect(
      (await call(server.url, "PATCH", `/api/users/${second.user.id}`, { cookie: second.cookie, json: { disabled: true } })).status,
    ).toBe(409);
  } finally {
    await server.stop();
  }
});

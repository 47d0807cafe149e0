import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser } from "./support/api";

// Listing and ending sessions, password change and activity, over the JSON API.

const chromeOnLinux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

test("lists every session with a public id, the current one marked", async ({ baseURL }) => {
  const { email, cookie: first } = await registerUser(baseURL!);
  const second = await call(baseURL!, "POST", "/api/auth/login", {
    json: { email, password: goodPassword },
    headers: { "user-agent": chromeOnLinux },
  });
  const response = await call(baseURL!, "GET", "/api/sessions", { cookie: second.cookie });
  expect(response.status).toBe(200);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const sessions = response.body.sessions;
  expect(sessions).toHaveLength(2);
  for (const session of sessions) {
    expect(Object.keys(session)).toEqual(
      expect.arrayContaining(["id", "current", "createdAt", "lastSeenAt", "expiresAt", "ipAddress", "userAgent", "device"]),
    );
    // Neither the token nor its SHA-256.
    expect(session.id).not.toMatch(/^[0-9a-f]{64}$/);
    expect(first).not.toContain(session.id);
    expect(session.ipAddress).toMatch(/^(127\.0\.0\.1|::1)$/);
  }
  const current = sessions.find((s: { current: boolean }) => s.current);
  expect(current.device.label).toBe("Chrome 156 on Linux");
  expect(sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
});

test("ending a session takes effect on its very next request", async ({ baseURL }) => {
  const { email, cookie: a } = await registerUser(baseURL!);
  const b = (await logIn(baseURL!, email)).cookie!;
  const list = await call(baseURL!, "GET", "/api/sessions", { cookie: a });
  const other = list.body.sessions.find((s: { current: boolean }) => !s.current);
  const ended = await call(baseURL!, "DELETE", `/api/sessions/${other.id}`, { cookie: a });
  expect(ended.status).toBe(204);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: b })).status).toBe(401);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: a })).status).toBe(200);
  expect((await call(baseURL!, "DELETE", `/api/sessions/${other.id}`, { cookie: a })).status).toBe(404);
});

test("another user's session id is indistinguishable from a missing one", async ({ baseURL }) => {
  const alice = await registerUser(baseURL!);
  const bob = await registerUser(baseURL!);
  const bobsSession = (await call(baseURL!, "GET", "/api/sessions", { cookie: bob.cookie })).body.sessions[0];
  const theirs = await call(baseURL!, "DELETE", `/api/sessions/${bobsSession.id}`, { cookie: alice.cookie });
  const missing = await call(baseURL!, "DELETE", "/api/sessions/no-such-session", { cookie: alice.cookie });
  expect(theirs.status).toBe(404);
  expect(theirs.body).toEqual(missing.body);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: bob.cookie })).status).toBe(200);
  expect((await call(baseURL!, "DELETE", `/api/sessions/${bobsSession.id}`)).status).toBe(401);
});

test("revoke-others ends every session but the current one", async ({ baseURL }) => {
  const { email, cookie: keep } = await registerUser(baseURL!);
  const others = [(await logIn(baseURL!, email)).cookie!, (await logIn(baseURL!, email)).cookie!];
  const response = await call(baseURL!, "POST", "/api/sessions/revoke-others", { cookie: keep });
  expect(response).toMatchObject({ status: 200, body: { revoked: 2 } });
  for (const cookie of others) expect((await call(baseURL!, "GET", "/api/users/me", { cookie })).status).toBe(401);
  expect((await call(baseURL!, "GET", "/api/users/me", { cookie: keep })).status).toBe(200);
});

test.describe("password change", () => {
  const newPassword = "a brand new passphrase for me";

  test("needs the current password and a policy-compliant new one", async ({ baseURL }) => {
    const { cookie } = await registerUser(baseURL!);
    const wrong = await call(baseURL!, "POST", "/api/users/me/password", {
      cookie,
      json: { currentPassword: "not my password at all", newPassword },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.currentPassword).toEqual(["The current password is incorrect."]);
    const weak = await call(baseURL!, "POST", "/api/users/me/password", {
      cookie,
      json: { currentPassword: goodPassword, newPassword: "short" },
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields.newPassword[0]).toMatch(/at least 15/);
    expect((await call(baseURL!, "POST", "/api/users/me/password", { json: { currentPassword: goodPassword, newPassword } })).status).toBe(
      401,
    );
  });

  test("ends every other session and rotates the current one", async ({ baseURL }) => {
    const { email, cookie } = await registerUser(baseURL!);
    const other = (await logIn(baseURL!, email)).cookie!;
    const beforeSession = (await call(baseURL!, "GET", "/api/auth/session", { cookie })).body.session;
    const before = beforeSession.id;

    const response = await call(baseURL!, "POST", "/api/users/me/password", {
      cookie,
      json: { currentPassword: goodPassword, newPassword },
    });
    expect(response.status).toBe(204);
    expect(response.cookie).toBeTruthy();
    expect(response.cookie).not.toBe(cookie);

    expect((await call(baseURL!, "GET", "/api/auth/session", { cookie })).status).toBe(401);
    expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: other })).status).toBe(401);
    const after = await call(baseURL!, "GET", "/api/auth/session", { cookie: response.cookie });
    expect(after.status).toBe(200);
    expect(after.body.session.id).not.toBe(before);
    // No second factor was asked: the new session ends no later than the sign-in it continues.
    expect(after.body.session.absoluteExpiresAt).toBe(beforeSession.absoluteExpiresAt);

    expect((await logIn(baseURL!, email, goodPassword)).status).toBe(401);
    expect((await logIn(baseURL!, email, newPassword)).status).toBe(200);
  });
});

test("security activity lists the account's events, newest first, in pages, without secrets", async ({ baseURL }) => {
  const { email, cookie } = await registerUser(baseURL!);
  await logIn(baseURL!, email, "wrong password, wrong password");
  const second = (await logIn(baseURL!, email)).cookie!;
  await call(baseURL!, "POST", "/api/auth/logout", { cookie: second });

  const all = await call(baseURL!, "GET", "/api/users/me/activity", { cookie });
  expect(all.status).toBe(200);
  // The second sign-in came without a device cookie: a new device, alerted (lib/sign-in-alert.ts).
  expect(all.body.events.map((e: { type: string }) => e.type)).toEqual([
    "logged_out",
    "new_device_signed_in",
    "login_succeeded",
    "login_failed",
    "registered",
  ]);
  expect(all.body.events[0]).toMatchObject({ description: "Signed out", ipAddress: expect.any(String) });
  expect(JSON.stringify(all.body)).not.toContain(goodPassword);
  expect(JSON.stringify(all.body)).not.toContain("Fe26");

  const page1 = await call(baseURL!, "GET", "/api/users/me/activity?limit=3", { cookie });
  expect(page1.body.events).toHaveLength(3);
  const page2 = await call(baseURL!, "GET", `/api/users/me/activity?limit=3&cursor=${page1.body.nextCursor}`, { cookie });
  expect(page2.body.events.map((e: { type: string }) => e.type)).toEqual(["login_failed", "registered"]);
  expect(page2.body.nextCursor).toBeNull();

  expect((await call(baseURL!, "GET", "/api/users/me/activity?limit=0", { cookie })).status).toBe(400);
  expect((await call(baseURL!, "GET", "/api/users/me/activity")).status).toBe(401);
});

test("another user's activity cursor reveals nothing", async ({ baseURL }) => {
  const alice = await registerUser(baseURL!);
  const bob = await registerUser(baseURL!);
  const bobsEvent = (await call(baseURL!, "GET", "/api/users/me/activity", { cookie: bob.cookie })).body.events[0];
  const response = await call(baseURL!, "GET", `/api/users/me/activity?cursor=${bobsEvent.id}`, { cookie: alice.cookie });
  expect(response.status).toBe(200);
  for (const event of response.body.events) expect(event.id).not.toBe(bobsEvent.id);
});

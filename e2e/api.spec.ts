import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser, uniqueEmail } from "./support/api";

// The JSON API of the foundation, over real HTTP against the production server.

test.describe("health", () => {
  test("readiness reads the database; liveness does no I/O", async ({ baseURL }) => {
    expect(await call(baseURL!, "GET", "/api/health")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await call(baseURL!, "GET", "/api/health/live")).toMatchObject({ status: 200, body: { status: "ok" } });
  });
});

test.describe("register", () => {
  test("creates the account, signs it in, and never returns the password hash", async ({ baseURL }) => {
    const email = uniqueEmail("Reg");
    const response = await call(baseURL!, "POST", "/api/auth/register", {
      json: { email: `  ${email.toUpperCase()} `, password: goodPassword, name: "Ada Lovelace" },
    });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({ email: email.toLowerCase(), name: "Ada Lovelace", role: "user" });
    expect(JSON.stringify(response.body)).not.toMatch(/password|\$2b\$/i);
    expect(response.headers.get("cache-control")).toBe("no-store");

    const session = await call(baseURL!, "GET", "/api/auth/session", { cookie: response.cookie });
    expect(session.status).toBe(200);
    expect(session.body.user.id).toBe(response.body.user.id);
  });

  test("sets a hardened cookie that holds no personal data", async ({ baseURL }) => {
    const response = await call(baseURL!, "POST", "/api/auth/register", {
      json: { email: uniqueEmail(), password: goodPassword },
    });
    const header = response.setCookies.find((c) => c.startsWith("__Host-session="))!;
    expect(header).toBeTruthy();
    const attributes = header
      .split(";")
      .slice(1)
      .map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(["path=/", "secure", "httponly", "samesite=lax"]));
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
    // Without "remember me" it is a browser-session cookie.
    expect(attributes.some((a) => a.startsWith("expires=") || a.startsWith("max-age="))).toBe(false);
    expect(header.length).toBeLessThan(4096);
    expect(header).not.toContain("example.test");
  });

  test("explains invalid input field by field", async ({ baseURL }) => {
    const response = await call(baseURL!, "POST", "/api/auth/register", { json: { email: "nope", password: "short" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_input");
    expect(response.body.error.fields.email).toEqual(["Enter a valid email address."]);
    const weak = await call(baseURL!, "POST", "/api/auth/register", { json: { email: uniqueEmail(), password: "short" } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields.password[0]).toMatch(/at least 15 characters/);
  });

  test("refuses a taken email with 409, whatever its case", async ({ baseURL }) => {
    const { email } = await registerUser(baseURL!);
    const again = await call(baseURL!, "POST", "/api/auth/register", { json: { email: email.toUpperCase(), password: goodPassword } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("email_taken");
    expect(again.cookie).toBeNull();
  });
});

test.describe("login", () => {
  test("returns the user and the session's expiry, and sets the cookie", async ({ baseURL }) => {
    const { email } = await registerUser(baseURL!);
    const response = await logIn(baseURL!, email);
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(email);
    expect(new Date(response.body.session.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(response.body.session.id).not.toMatch(/^[0-9a-f]{64}$/);
    expect(response.cookie).toMatch(/^__Host-session=Fe26\.2\*/);
  });

  test("gives the same 401 for an unknown email and a wrong password", async ({ baseURL }) => {
    const { email } = await registerUser(baseURL!);
    const wrong = await logIn(baseURL!, email, "this is not the password");
    const unknown = await logIn(baseURL!, uniqueEmail("ghost"), goodPassword);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ error: { code: "invalid_credentials", message: "The email or password is incorrect." } });
    expect(wrong.cookie).toBeNull();
  });

  test("ends the session the browser carried before (no fixation)", async ({ baseURL }) => {
    const { email, cookie: before } = await registerUser(baseURL!);
    const response = await logIn(baseURL!, email, goodPassword, { cookie: before });
    expect(response.status).toBe(200);
    expect(response.cookie).not.toBe(before);
    expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: before })).status).toBe(401);
    expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: response.cookie })).status).toBe(200);
  });

  test("remember me gives a persistent cookie that ends with the session", async ({ baseURL }) => {
    const { email } = await registerUser(baseURL!);
    const response = await logIn(baseURL!, email, goodPassword, { remember: true });
    const header = response.setCookies.find((c) => c.startsWith("__Host-session="))!;
    const expires = /expires=([^;]+)/i.exec(header)?.[1];
    expect(expires).toBeTruthy();
    expect(Math.abs(new Date(expires!).getTime() - new Date(response.body.session.expiresAt).getTime())).toBeLessThan(1000);
    expect(response.body.session.persistent).toBe(true);
  });

  test("rejects malformed input with 400", async ({ baseURL }) => {
    const response = await call(baseURL!, "POST", "/api/auth/login", { json: { email: "a@b.co" } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("invalid_input");
  });
});

test.describe("session and logout", () => {
  test("the session and users/me need a valid cookie", async ({ baseURL }) => {
    const anonymous = await call(baseURL!, "GET", "/api/users/me");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: { code: "unauthenticated", message: "You are not signed in." } });
    const { cookie, user } = await registerUser(baseURL!);
    const me = await call(baseURL!, "GET", "/api/users/me", { cookie });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(user);
    const session = await call(baseURL!, "GET", "/api/auth/session", { cookie });
    expect(Object.keys(session.body.session)).toEqual(
      expect.arrayContaining(["id", "createdAt", "lastSeenAt", "expiresAt", "idleExpiresAt", "absoluteExpiresAt"]),
    );
  });

  test("logout deletes the session, clears the cookie, and the old cookie is refused after", async ({ baseURL }) => {
    const { cookie } = await registerUser(baseURL!);
    const logout = await call(baseURL!, "POST", "/api/auth/logout", { cookie });
    expect(logout.status).toBe(204);
    expect(logout.headers.get("clear-site-data")).toBe('"cache", "storage"');
    expect(logout.headers.get("cache-control")).toBe("no-store");
    expect(logout.setCookies.some((c) => /^__Host-session=;/.test(c) && /max-age=0/i.test(c))).toBe(true);
    const replay = await call(baseURL!, "GET", "/api/auth/session", { cookie });
    expect(replay.status).toBe(401);
  });

  test("logout when not signed in is a 204 too, and GET cannot log out", async ({ baseURL }) => {
    expect((await call(baseURL!, "POST", "/api/auth/logout")).status).toBe(204);
    const { cookie } = await registerUser(baseURL!);
    expect((await call(baseURL!, "GET", "/api/auth/logout", { cookie })).status).toBe(405);
    expect((await call(baseURL!, "GET", "/api/auth/session", { cookie })).status).toBe(200);
  });
});

test.describe("unknown paths and methods", () => {
  test("get JSON errors", async ({ baseURL }) => {
    const missing = await call(baseURL!, "GET", "/api/does/not/exist");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const method = await call(baseURL!, "DELETE", "/api/auth/login");
    expect(method.status).toBe(405);
    expect(method.body.error.code).toBe("method_not_allowed");
    expect(method.headers.get("allow")).toBe("POST");
  });
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { call, goodPassword, registerUser, uniqueEmail } from "../support/api";
import { signInThroughForm } from "../support/browser";

// F1-F3: forged origins, Fetch Metadata, content types, CORS.

test.describe("F1 origin and Fetch Metadata checks on state-changing requests", () => {
  const forgedOrigins = [
    "https://evil.example",
    "http://localhost.evil.example",
    "http://localhost:3100.evil.example",
    "http://evil.example/http://localhost:3100",
    "null",
  ];

  test("the API refuses foreign, look-alike, other-port, other-scheme and null origins", async ({ baseURL }) => {
    const url = new URL(baseURL!);
    const origins = [
      ...forgedOrigins,
      `${url.protocol}//${url.hostname}:${Number(url.port) + 1}`,
      `https://${url.host}`,
      `${url.protocol}//127.0.0.1:${url.port}`,
    ];
    const { cookie } = await registerUser(baseURL!);
    for (const origin of origins) {
      const login = await call(baseURL!, "POST", "/api/auth/login", {
        json: { email: "a@example.com", password: goodPassword },
        headers: { origin },
      });
      expect(login.status, origin).toBe(403);
      expect(login.body.error.code).toBe("forbidden");
      const logout = await call(baseURL!, "POST", "/api/auth/logout", { cookie, headers: { origin } });
      expect(logout.status, origin).toBe(403);
    }
    // None of those ended the session.
    expect((await call(baseURL!, "GET", "/api/auth/session", { cookie })).status).toBe(200);
  });

  test("Sec-Fetch-Site: cross-site is refused even without an Origin header", async ({ baseURL }) => {
    const response = await call(baseURL!, "POST", "/api/auth/register", {
      json: { email: uniqueEmail(), password: goodPassword },
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(response.status).toBe(403);
  });

  test("a forged request gets the forgery refusal on every API path, whichever methods the path takes", async ({ baseURL }) => {
    // /api/auth/session takes GET only. Forged, a POST there is refused as forged (403) or for its
    // form body (415) before the route's methods are looked at: one answer to a cross-site page
    // everywhere, never a 405 with the route's methods, nor a handler reached by a method it lacks.
    const forged: Record<string, string>[] = [{ "sec-fetch-site": "cross-site" }, { origin: "https://evil.example" }];
    for (const headers of forged) {
      const response = await call(baseURL!, "POST", "/api/auth/session", { json: {}, headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.body.error.code).toBe("forbidden");
      expect(response.headers.get("allow")).toBeNull();
    }
    const formBody = await call(baseURL!, "POST", "/api/auth/session", {
      body: "a=b",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(formBody.status).toBe(415);
    // The same POST from the app's own origin is told which methods the path takes.
    const own = await call(baseURL!, "POST", "/api/auth/session", { json: {}, headers: { origin: baseURL! } });
    expect(own.status).toBe(405);
    expect(own.headers.get("allow")).toBe("GET");
  });

  test("the app's own origin, same-origin metadata and non-browser clients are allowed", async ({ baseURL }) => {
    const own = await call(baseURL!, "POST", "/api/auth/register", {
      json: { email: uniqueEmail(), password: goodPassword },
      headers: { origin: baseURL!, "sec-fetch-site": "same-origin" },
    });
    expect(own.status).toBe(201);
    const curlLike = await call(baseURL!, "POST", "/api/auth/register", { json: { email: uniqueEmail(), password: goodPassword } });
    expect(curlLike.status).toBe(201);
  });

  test("server actions (the login form) are refused from a foreign origin", async ({ baseURL }) => {
    const form = new URLSearchParams({ email: "a@example.com", password: goodPassword });
    const forged: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }];
    for (const headers of forged) {
      const response = await fetch(`${baseURL}/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "next-action": "0".repeat(42), ...headers },
        body: form,
        redirect: "manual",
      });
      expect(response.status).toBe(403);
    }
  });

  test("a real cross-site form post from another site is refused and the session survives", async ({ page, context, baseURL }) => {
    const { email } = await registerUser(baseURL!);
    await signInThroughForm(page, email);

    // An attacker's page on another site (127.0.0.1 is a different site from localhost).
    const attacker = http.createServer((_request, response) => {
      response.setHeader("content-type", "text/html");
      response.end(`<form id="f" method="POST" action="${baseURL}/api/sessions/revoke-others"></form>
        <script>document.getElementById("f").submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
    const { port } = attacker.address() as AddressInfo;
    try {
      const evil = await context.newPage();
      const refused = evil.waitForResponse((response) => response.url().endsWith("/api/sessions/revoke-others"));
      await evil.goto(`http://127.0.0.1:${port}/`);
      expect((await refused).status()).toBe(403);
      await evil.close();
    } finally {
      attacker.close();
    }
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});

test.describe("F2 JSON endpoints take JSON only", () => {
  test("other content types get 415", async ({ baseURL }) => {
    const body = JSON.stringify({ email: uniqueEmail(), password: goodPassword });
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx"]) {
      const response = await call(baseURL!, "POST", "/api/auth/register", { body, headers: { "content-type": contentType } });
      expect(response.status, contentType).toBe(415);
      expect(response.body.error.code).toBe("unsupported_media_type");
    }
    const missing = await call(baseURL!, "POST", "/api/auth/login", { body });
    expect(missing.status).toBe(415);
    const { cookie } = await registerUser(baseURL!);
    const textLogout = await call(baseURL!, "POST", "/api/auth/logout", { cookie, body: "x=y", headers: { "content-type": "text/plain" } });
    expect(textLogout.status).toBe(415);
    expect((await call(baseURL!, "GET", "/api/auth/session", { cookie })).status).toBe(200);
    const charset = await call(baseURL!, "POST", "/api/auth/register", {
      body: JSON.stringify({ email: uniqueEmail(), password: goodPassword }),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(charset.status).toBe(201);
  });
});

test.describe("F3 no CORS for foreign origins", () => {
  test("neither preflights nor responses allow another origin", async ({ baseURL }) => {
    const { cookie } = await registerUser(baseURL!);
    const preflight = await fetch(`${baseURL}/api/auth/session`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
    const response = await call(baseURL!, "GET", "/api/auth/session", { cookie, headers: { origin: "https://evil.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

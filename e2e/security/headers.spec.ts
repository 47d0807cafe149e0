import { expect, test } from "@playwright/test";
import { call, registerUser } from "../support/api";
import { answersOfEveryKind, expectSecurityHeaders } from "../support/security-headers";
import { startServer } from "../support/server";

// F4: caching and browser security headers.

test("pages carry a nonce-based CSP that forbids framing, nosniff and a Referrer-Policy", async ({ baseURL }) => {
  const response = await fetch(`${baseURL}/login`);
  const csp = response.headers.get("content-security-policy")!;
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("same-origin");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  // A fresh nonce on every response.
  const again = (await fetch(`${baseURL}/login`)).headers.get("content-security-policy");
  expect(again).not.toBe(csp);
  // No HSTS over plain http.
  expect(response.headers.get("strict-transport-security")).toBeNull();
});

test("every answer carries the browser security headers, whoever writes it", async ({ baseURL }) => {
  for (const answer of answersOfEveryKind) await expectSecurityHeaders(baseURL!, answer);
  // Answers no code of the app writes: Next's static files, and its 404 for a path proxy.ts does not see.
  const html = await (await fetch(`${baseURL}/login`)).text();
  const script = /<script[^>]+src="(\/_next\/static\/[^"]+)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  await expectSecurityHeaders(baseURL!, { name: "static file", path: script!, status: 200, api: false });
  await expectSecurityHeaders(baseURL!, { name: "404 outside proxy.ts", path: "/robots.txt", status: 404, api: false });
});

test("the browser enforces the CSP: injected markup cannot run script", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/login");
  // What an HTML injection would add: an inline handler, which the policy does not allow.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML("beforeend", '<img src="/nothing.png" onerror="window.__injected = true">');
  });
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  // ...while the page's own scripts run: the form is interactive.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
});

test("signed-in pages, auth endpoints and the API are never cached", async ({ baseURL }) => {
  const { cookie } = await registerUser(baseURL!);
  for (const path of ["/dashboard", "/account/sessions", "/account/security"]) {
    const response = await fetch(`${baseURL}${path}`, { headers: { cookie }, redirect: "manual" });
    expect(response.status, path).toBe(200);
    expect(response.headers.get("cache-control"), path).toContain("no-store");
  }
  for (const path of ["/login", "/register"]) {
    expect((await fetch(`${baseURL}${path}`)).headers.get("cache-control"), path).toContain("no-store");
  }
  for (const [method, path] of [
    ["GET", "/api/auth/session"],
    ["GET", "/api/users/me"],
    ["POST", "/api/auth/logout"],
    ["GET", "/api/health"],
  ]) {
    const response = await call(baseURL!, method!, path!, { cookie });
    expect(response.headers.get("cache-control"), path).toBe("no-store");
    expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
  }
});

test("over https: HSTS everywhere, and Secure __Host- cookies", async () => {
  // The app believes it is served over https (APP_URL); the test talks to it directly.
  const server = await startServer({ APP_URL: "https://localhost:8443" });
  try {
    const page = await fetch(`${server.url}/login`);
    expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    const register = await call(server.url, "POST", "/api/auth/register", {
      json: { email: "hsts@example.test", password: "correct horse battery staple" },
    });
    expect(register.status).toBe(201);
    expect(register.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
    expect(register.setCookies[0]).toMatch(/^__Host-session=.*; Secure/);
  } finally {
    await server.stop();
  }
});

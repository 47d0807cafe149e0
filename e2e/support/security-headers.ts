import { expect } from "@playwright/test";

// The browser security headers every answer must carry (lib/security-headers.mjs), written out
// here rather than imported, so that a change to them is a change to what the tests ask.
const everyAnswer: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};
const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

type Answer = { name: string; method?: string; path: string; headers?: Record<string, string>; status: number; api: boolean };

/** A page, its 404, a refused forgery, API answers of every kind: who writes each differs. */
export const answersOfEveryKind: Answer[] = [
  { name: "page", method: "GET", path: "/login", status: 200, api: false },
  { name: "unknown page", method: "GET", path: "/no-such-page", status: 404, api: false },
  {
    name: "forged form post, refused by proxy.ts",
    method: "POST",
    path: "/login",
    headers: { origin: "https://evil.example" },
    status: 403,
    api: false,
  },
  { name: "API answer", method: "GET", path: "/api/health", status: 200, api: true },
  { name: "API method not allowed", method: "DELETE", path: "/api/health", status: 405, api: true },
  { name: "unknown API path", method: "GET", path: "/api/no-such-route", status: 404, api: true },
];

/** Requests `path` and checks the headers every answer carries, and the API's CSP on API answers. */
export async function expectSecurityHeaders(baseURL: string, answer: Answer) {
  const response = await fetch(baseURL + answer.path, { method: answer.method ?? "GET", headers: answer.headers, redirect: "manual" });
  await response.arrayBuffer();
  expect(response.status, answer.name).toBe(answer.status);
  for (const [name, value] of Object.entries(everyAnswer)) expect(response.headers.get(name), `${answer.name}: ${name}`).toBe(value);
  const policy = response.headers.get("content-security-policy");
  if (answer.api) expect(policy, answer.name).toBe(apiPolicy);
  else expect(policy ?? "", answer.name).not.toBe(apiPolicy);
}

import { afterEach, describe, expect, it } from "vitest";
import { loadConfigForTest } from "./config";
import { withSecurityHeaders } from "./http";
import { securityHeadersFor } from "./security-headers.mjs";
import { runAsServed, stopServerContext } from "./test-request-context";

function withAppUrl(appUrl: string) {
  loadConfigForTest({ ...process.env, APP_URL: appUrl });
}

afterEach(() => {
  stopServerContext();
  withAppUrl(process.env.APP_URL ?? "http://localhost:3000");
});

describe("withSecurityHeaders", () => {
  it("without server.mjs (next start), sets every security header an API answer lacks", () => {
    withAppUrl("http://localhost:3000");
    const response = withSecurityHeaders(new Response(null), "http://localhost:3000/api/auth/session");
    for (const [name, value] of securityHeadersFor("/api/auth/session")) expect(response.headers.get(name), name).toBe(value);
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("replaces a route's own value of one of them, as server.mjs's go first and Next keeps them", () => {
    withAppUrl("http://localhost:3000");
    const own = new Response(null, { headers: { "X-Frame-Options": "SAMEORIGIN", "Content-Security-Policy": "default-src *" } });
    const response = withSecurityHeaders(own, "http://localhost:3000/api/openapi.json");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("under server.mjs leaves the headers to it, and sets HSTS over https either way", () => {
    withAppUrl("https://auth.example.com");
    const served = runAsServed("127.0.0.1", () => withSecurityHeaders(new Response(null), "https://auth.example.com/api/health"));
    expect(served.headers.get("x-frame-options")).toBeNull();
    expect(served.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    const started = withSecurityHeaders(new Response(null), "https://auth.example.com/api/health");
    expect(started.headers.get("x-frame-options")).toBe("DENY");
    expect(started.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });
});

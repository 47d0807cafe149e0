import fs from "node:fs";
import path from "node:path";
import { validate } from "@readme/openapi-parser";
import { expect, test } from "@playwright/test";
import { call, logIn } from "./support/api";
import { startServer, type TestServer } from "./support/server";
import { challengeCookie, userWithTwoFactor } from "./support/two-factor";

// The published contract is valid OpenAPI 3.1 and matches the routes the app serves.

function apiRouteFiles(dir = path.join(process.cwd(), "app", "api")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return apiRouteFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** app/api/users/[id]/sessions/route.ts -> /api/users/{id}/sessions; the catch-all 404 is not an endpoint. */
function toOpenApiPath(file: string): string | null {
  const relative = path.relative(path.join(process.cwd(), "app"), path.dirname(file)).split(path.sep).join("/");
  if (relative.includes("[...")) return null;
  return "/" + relative.replace(/\[([^\]]+)\]/g, "{$1}");
}

test("GET /api/openapi.json is a valid OpenAPI 3.1 document covering every route and method", async ({ baseURL }) => {
  const response = await call(baseURL!, "GET", "/api/openapi.json");
  expect(response.status).toBe(200);
  const document = response.body;
  expect(document.openapi).toBe("3.1.0");

  const result = await validate(structuredClone(document));
  expect(result.valid ? [] : result.errors).toEqual([]);

  const documented = Object.keys(document.paths).sort();
  const served = apiRouteFiles()
    .map(toOpenApiPath)
    .filter((p): p is string => p !== null)
    .sort();
  expect(documented).toEqual(served);

  // The methods each path documents are exactly those its handler answers: the
  // Allow header of a 405 lists them.
  for (const [apiPath, operations] of Object.entries<Record<string, unknown>>(document.paths)) {
    const concrete = apiPath.replace(/\{[^}]+\}/g, "x");
    const methods = Object.keys(operations)
      .map((m) => m.toUpperCase())
      .sort();
    const unused = ["GET", "POST", "PATCH", "DELETE", "PUT"].find((m) => !methods.includes(m))!;
    const probe = await call(baseURL!, unused, concrete, { headers: { origin: baseURL! } });
    expect(probe.status, `${unused} ${apiPath}`).toBe(405);
    expect(probe.headers.get("allow")!.split(", ").sort(), apiPath).toEqual(methods);
  }

  // Request bodies come from the handlers' zod schemas.
  const login = document.paths["/api/auth/login"].post.requestBody.content["application/json"].schema;
  expect(Object.keys(login.properties)).toEqual(["email", "password", "remember"]);
  expect(login.required).toEqual(["email", "password"]);
});

test.describe("facts the document takes from the code", () => {
  // A cookie name other than the default: a name typed into the document would not match it.
  let server: TestServer;
  test.beforeAll(async () => {
    server = await startServer({ SESSION_COOKIE_NAME: "acme-session" });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("it names the cookies the app sets, and counts the recovery codes it hands out @once", async () => {
    const document = (await call(server.url, "GET", "/api/openapi.json")).body;
    const { securitySchemes } = document.components;
    const account = await userWithTwoFactor(server.url);
    const cookieName = account.cookie.split("=")[0];
    expect(cookieName).toMatch(/acme-session$/); // with __Host- in production on localhost
    expect(securitySchemes.sessionCookie.name).toBe(cookieName);
    const passwordStep = await logIn(server.url, account.email);
    expect(challengeCookie(passwordStep)?.split("=")[0]).toBe(securitySchemes.signInChallenge.name);

    const enabled = document.paths["/api/users/me/two-factor/enable"].post.responses["200"].content["application/json"].schema;
    expect(enabled.properties.recoveryCodes).toMatchObject({
      minItems: account.recoveryCodes.length,
      maxItems: account.recoveryCodes.length,
    });
  });
});

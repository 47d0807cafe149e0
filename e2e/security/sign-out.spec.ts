import { expect, test } from "@playwright/test";
import { call, registerUser } from "../support/api";
import { signInThroughForm } from "../support/browser";

// S7 for the page's "Sign out", as the API's logout (e2e/api.spec.ts) has it: the record
// deleted, the cookie expired by name, Cache-Control: no-store, Clear-Site-Data for
// cache and storage but not cookies (the device cookie outlives the session), POST only.

const expiresSessionCookie = (setCookie: string) =>
  /^__Host-session=;/.test(setCookie) && (/max-age=0/i.test(setCookie) || /expires=Thu, 01 Jan 1970/i.test(setCookie));

const formPost = (baseURL: string, cookie: string | null, headers: Record<string, string> = {}) =>
  call(baseURL, "POST", "/sign-out", {
    cookie,
    body: "",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(baseURL).origin, ...headers },
  });

test("S7 the page's sign-out answers 303 to /login with Clear-Site-Data, no-store and the cookie expired; the old cookie then gets 401", async ({
  baseURL,
}) => {
  const { cookie } = await registerUser(baseURL!);
  const response = await formPost(baseURL!, cookie);
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/login");
  expect(response.headers.get("clear-site-data")).toBe('"cache", "storage"');
  expect(response.headers.get("cache-control")).toMatch(/no-store/);
  expect(response.setCookies.filter((c) => c.startsWith("__Host-session="))).toEqual([expect.stringMatching(/^__Host-session=;/)]);
  expect(response.setCookies.some(expiresSessionCookie)).toBe(true);
  const replay = await call(baseURL!, "GET", "/api/auth/session", { cookie });
  expect(replay.status).toBe(401);
  expect(replay.body.error.code).toBe("unauthenticated");
});

test("S7 the page's sign-out is POST only and refuses a foreign origin; neither ends the session", async ({ baseURL }) => {
  const { cookie } = await registerUser(baseURL!);
  expect((await call(baseURL!, "GET", "/sign-out", { cookie })).status).toBe(405);
  const forged = await formPost(baseURL!, cookie, { origin: "https://evil.example" });
  expect(forged.status).toBe(403);
  const crossSite = await formPost(baseURL!, cookie, { "sec-fetch-site": "cross-site" });
  expect(crossSite.status).toBe(403);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie })).status).toBe(200);
});

test("S7 in the browser, Sign out clears the site's storage and the session cookie, and lands on the login page", async ({
  page,
  context,
  baseURL,
}) => {
  const { email } = await registerUser(baseURL!);
  await signInThroughForm(page, email);
  const held = (await context.cookies()).find((c) => c.name === "__Host-session")!;
  await page.evaluate(() => localStorage.setItem("draft", "something personal"));

  const signOut = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/sign-out" && response.request().method() === "POST",
  );
  await page.getByRole("button", { name: "Sign out" }).click();
  const response = await signOut;
  expect(response.status()).toBe(303);
  expect(await response.headerValue("clear-site-data")).toBe('"cache", "storage"');
  await expect(page).toHaveURL(`${baseURL}/login`);

  expect((await context.cookies()).find((c) => c.name === "__Host-session")).toBeUndefined();
  expect(await page.evaluate(() => localStorage.getItem("draft"))).toBeNull();
  const replay = await call(baseURL!, "GET", "/api/auth/session", { cookie: `${held.name}=${held.value}` });
  expect(replay.status).toBe(401);
});

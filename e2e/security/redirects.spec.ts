import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { call, goodPassword, registerUser } from "../support/api";
import { offSiteTargets } from "../support/off-site-targets";
import { userWithTwoFactor } from "../support/two-factor";

// A7: a `next` crafted to leave the site, in every encoding that has worked somewhere,
// sent to a signed-in user (the login page's 307) and followed by a browser after the
// password and the second factor. Wherever it ends, it ends on this site.

const attacks = Object.entries(offSiteTargets);

/** The query a link would carry: the value encoded, so the server reads it exactly. */
const loginWithNext = (value: string) => `/login?next=${encodeURIComponent(value)}`;

/** Hand-written queries from the report, decoded by the server into tabs, slashes and backslashes. */
const literalQueries = [
  "/%09/evil.example/",
  "/%0a/evil.example/",
  "/%0d/evil.example/",
  "%2F%2Fevil.example",
  "/%2F/evil.example",
  "/%5Cevil.example",
  "%5C%5Cevil.example",
];

/** Where a browser goes when it follows `location` from `baseURL`. */
function followed(location: string | null, baseURL: string): URL {
  expect(location).not.toBeNull();
  return new URL(location!, baseURL);
}

// Redirect targets are parsed before any store is asked: one configuration is enough.
test.describe("A7 redirect targets stay on this site", { tag: "@once" }, () => {
  test("signed in, GET /login?next=… answers 307 to a path on this site for every encoded variant", async ({ baseURL }) => {
    const { cookie } = await registerUser(baseURL!);
    const origin = new URL(baseURL!).origin;
    const paths = [...attacks.map(([, value]) => loginWithNext(value)), ...literalQueries.map((query) => `/login?next=${query}`)];
    for (const path of paths) {
      const response = await call(baseURL!, "GET", path, { cookie });
      expect(response.status, path).toBe(307);
      const location = response.headers.get("location");
      expect(followed(location, baseURL!).origin, `${path} -> ${location}`).toBe(origin);
      expect(location, path).toBe("/dashboard");
    }
  });

  test("signed in, a legitimate next is honoured with its query", async ({ baseURL }) => {
    const { cookie } = await registerUser(baseURL!);
    const response = await call(baseURL!, "GET", loginWithNext("/account/sessions?x=1"), { cookie });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("/account/sessions?x=1");
  });

  /** Any request that leaves the app gets a page of its own, so a stray redirect shows instead of failing on DNS. */
  async function trapOffSite(context: BrowserContext, origin: string): Promise<void> {
    await context.route(
      (url) => url.origin !== origin,
      (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil.example</h1>" }),
    );
  }

  /** Signs in on the open login page and waits until the browser has left it (or failed to go where it was sent). */
  async function submitPassword(page: Page, email: string, name = "legitimate next"): Promise<void> {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(goodPassword);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // Sent off-site, a browser without JavaScript may abort the navigation and stay here.
    await expect
      .poll(() => new URL(page.url()).pathname, { message: `${name}: still on the login page`, timeout: 15_000 })
      .not.toBe("/login");
  }

  for (const javaScriptEnabled of [true, false]) {
    test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
      test.use({ javaScriptEnabled });

      test("after the password on the sign-in form, every encoded variant of next ends on this site", async ({
        page,
        context,
        baseURL,
      }) => {
        test.setTimeout(180_000);
        const origin = new URL(baseURL!).origin;
        await trapOffSite(context, origin);
        const { email } = await registerUser(baseURL!);
        for (const [name, value] of attacks) {
          // Off the dashboard first: once its cookie is gone, its tab goes to the sign-in page by itself
          // (app/components/session-watch.tsx), which would abort the navigation below.
          await page.goto("about:blank");
          await context.clearCookies();
          await page.goto(loginWithNext(value));
          await submitPassword(page, email, name);
          expect(new URL(page.url()).origin, name).toBe(origin);
          expect(new URL(page.url()).pathname, name).toBe("/dashboard");
        }
      });

      test("after the password, a legitimate next is honoured", async ({ page, baseURL }) => {
        const { email } = await registerUser(baseURL!);
        await page.goto(loginWithNext("/account/sessions?x=1"));
        await submitPassword(page, email);
        await expect(page).toHaveURL(`${baseURL}/account/sessions?x=1`);
      });
    });
  }

  // One of each family: the second-factor step calls the same function as the password step,
  // which the full list above (and the unit tests) already put through every variant.
  const secondFactorAttacks = attacks.filter(([name]) =>
    [
      "encoded tab",
      "newline",
      "encoded backslash",
      "slash and encoded slash",
      "full-width solidi",
      "scheme-relative",
      "absolute https",
      "dot segments to a double slash",
      "javascript:",
    ].includes(name),
  );

  test("after the second factor, every family of encoded next ends on this site", async ({ page, context, baseURL }) => {
    test.setTimeout(120_000);
    expect(secondFactorAttacks.length).toBe(9);
    const origin = new URL(baseURL!).origin;
    await trapOffSite(context, origin);
    // Recovery codes, ten to an account: an app code works once per 30 seconds.
    const account = await userWithTwoFactor(baseURL!);
    const codesLeft = [...account.recoveryCodes];
    for (const [name, value] of secondFactorAttacks) {
      await page.goto("about:blank");
      await context.clearCookies();
      await page.goto(loginWithNext(value));
      await submitPassword(page, account.email, name);
      // The password step carries only what it would itself have honoured.
      expect(page.url(), name).toBe(`${baseURL}/login/second-factor?next=%2Fdashboard`);
      // The second-factor page and its action check the value again, whoever wrote the link.
      await page.goto(`/login/second-factor?next=${encodeURIComponent(value)}`);
      await page.getByLabel("Authentication code").fill(codesLeft.shift()!);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect
        .poll(() => new URL(page.url()).pathname, { message: `${name}: still on the second-factor page`, timeout: 15_000 })
        .not.toBe("/login/second-factor");
      expect(new URL(page.url()).origin, name).toBe(origin);
      expect(new URL(page.url()).pathname, name).toBe("/dashboard");
    }
  });

  test("after the second factor, a legitimate next is honoured", async ({ page, baseURL }) => {
    const account = await userWithTwoFactor(baseURL!);
    await page.goto(loginWithNext("/account/sessions?x=1"));
    await submitPassword(page, account.email);
    await expect(page).toHaveURL(`${baseURL}/login/second-factor?next=${encodeURIComponent("/account/sessions?x=1")}`);
    await page.getByLabel("Authentication code").fill(account.recoveryCodes[0]!);
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(`${baseURL}/account/sessions?x=1`);
  });
});

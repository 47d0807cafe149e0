import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { goodPassword, registerUser } from "./support/api";
import { signInThroughForm } from "./support/browser";
import { appCode } from "./support/two-factor";

// Passkeys in Chromium, with the DevTools Protocol's virtual authenticator standing in for
// the device: a platform authenticator (ctap2, internal) that keeps discoverable
// credentials and verifies its user, so the browser's own prompt answers by itself.

async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/**
 * The virtual authenticator answers a conditional (autofill) request at once, as a user picking
 * the passkey from the suggestions would: the sign-in page would sign in as soon as it loads. This
 * switch makes the page's browser offer conditional UI or not (isConditionalMediationAvailable),
 * so a test chooses between the autofill path and the button.
 */
async function controlAutofill(page: Page) {
  const state = { autofill: false };
  await page.exposeFunction("testOffersAutofill", () => state.autofill);
  await page.addInitScript(() => {
    const credential = window.PublicKeyCredential as unknown as { isConditionalMediationAvailable?: () => Promise<boolean> };
    const available = credential?.isConditionalMediationAvailable?.bind(credential);
    if (!available) return;
    const offers = (window as unknown as { testOffersAutofill: () => Promise<boolean> }).testOffersAutofill;
    credential.isConditionalMediationAvailable = async () => (await offers()) && (await available());
  });
  return state;
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

const thisSession = (page: Page) => page.getByTestId("session").filter({ hasText: "This device" });

async function addPasskeyOnSecurityPage(page: Page) {
  await page.goto("/account/security");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Passkey added" })).toBeVisible();
  await expect(page.getByTestId("passkey")).toHaveCount(1);
}

test("add a passkey, sign in with it by the button and by autofill at aal2, rename it, remove it, and see it refused", async ({
  browser,
  baseURL,
}) => {
  const { email } = await registerUser(baseURL!);
  const context = await browser.newContext();
  const page = await context.newPage();
  const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page);
  const browserOffers = await controlAutofill(page);

  await signInThroughForm(page, email);
  await addPasskeyOnSecurityPage(page);
  const item = page.getByTestId("passkey");
  // Chromium's virtual authenticator has no AAGUID a list could name: the browser and system (as the user agent says) do.
  await expect(item.getByRole("strong")).toHaveText(/^Passkey on Chrome \d+ on /);
  await expect(item).toContainText("never used");
  expect((await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials).toHaveLength(1);

  await item.getByLabel("Name").fill("Test laptop");
  await item.getByRole("button", { name: "Rename" }).click();
  await expect(item.getByRole("strong")).toHaveText("Test laptop");

  // The button: no email, no password.
  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/account/sessions");
  await expect(thisSession(page).getByTestId("session-assurance")).toHaveText("Passkey · AAL2");

  // Autofill: the page asks for a conditional request as it loads; the suggestion is "picked" by the authenticator.
  await signOut(page);
  await expect(page.getByLabel("Email")).toHaveAttribute("autocomplete", "username webauthn");
  browserOffers.autofill = true;
  await page.reload();
  await expect(page).toHaveURL(/\/dashboard$/);
  browserOffers.autofill = false;

  await page.goto("/account/security");
  await expect(item).toContainText("last used");
  await page.getByRole("button", { name: "Remove passkey Test laptop" }).click();
  await expect(page).toHaveURL(/notice=passkey-removed/);
  await expect(page.getByTestId("passkey")).toHaveCount(0);
  await expect(page.getByTestId("activity")).toContainText("Passkey removed");

  // The authenticator still holds the credential; the server no longer knows it.
  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This passkey could not be used" })).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  expect((await context.request.get("/api/auth/session")).status()).toBe(401);
  await context.close();
});

test("a passkey as the second factor, next to the app code", async ({ browser, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  const context = await browser.newContext();
  const page = await context.newPage();
  await addVirtualAuthenticator(context, page);
  await controlAutofill(page);
  await signInThroughForm(page, email);
  await addPasskeyOnSecurityPage(page);

  // Two-factor on, through the API with this browser's session.
  const setup = await context.request.post("/api/users/me/two-factor/setup");
  const { secret } = await setup.json();
  expect((await context.request.post("/api/users/me/two-factor/enable", { data: { code: appCode(secret) } })).status()).toBe(200);

  await page.goto("/dashboard");
  await signOut(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(goodPassword);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/login\/second-factor/);
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  await page.getByRole("button", { name: "Use a passkey instead" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/account/sessions");
  await expect(thisSession(page).getByTestId("session-assurance")).toHaveText("Password + passkey · AAL2");
  await context.close();
});

test("a password session steps up to aal2 with a passkey on the step-up page", async ({ browser, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  const context = await browser.newContext();
  const page = await context.newPage();
  await addVirtualAuthenticator(context, page);
  await controlAutofill(page);
  await signInThroughForm(page, email);
  await addPasskeyOnSecurityPage(page);
  await page.goto("/step-up?next=%2Faccount%2Fsessions");
  await page.getByRole("button", { name: "Confirm with a passkey" }).click();
  await expect(page).toHaveURL(/\/account\/sessions$/);
  await expect(thisSession(page).getByTestId("session-assurance")).toHaveText("Passkey · AAL2");
  await context.close();
});

test("without WebAuthn the passkey buttons stay hidden and the password still signs in @once", async ({ browser, baseURL }) => {
  const { email } = await registerUser(baseURL!);
  const context = await browser.newContext();
  await context.addInitScript(() => {
    // A browser without WebAuthn, as @simplewebauthn/browser detects it.
    Object.defineProperty(window, "PublicKeyCredential", { value: undefined });
  });
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toHaveCount(0);
  await signInThroughForm(page, email);
  await page.goto("/account/security");
  await expect(page.getByRole("button", { name: "Add a passkey" })).toHaveCount(0);
  await expect(page.getByText("This browser cannot create passkeys.")).toBeVisible();
  await context.close();
});

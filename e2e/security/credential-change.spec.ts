import { expect, test } from "@playwright/test";
import type { ParsedMail } from "mailparser";
import { call, goodPassword, logIn, registerUser, uniqueEmail } from "../support/api";
import { startServer, type TestServer } from "../support/server";
import { type Inbox, resetTokenIn, startInbox, startServerWithInbox } from "../support/smtp";
import { appCode, challengeCookie, userWithTwoFactor } from "../support/two-factor";

// A1: a change to how an account signs in voids every link, pending sign-in and
// session issued before it. Each test is the attack: someone who has the password
// prepares something, the owner answers by changing a credential, and what was
// prepared must then open nothing.

const newPassword = "a brand new and quite long passphrase";
let server: TestServer;
let inbox: Inbox;
let stop: () => Promise<void>;

test.beforeAll(async () => {
  ({ server, inbox, stop } = await startServerWithInbox());
});
test.afterAll(async () => {
  await stop?.();
});

const session = (cookie: string | null) => call(server.url, "GET", "/api/auth/session", { cookie });
const linkToken = (mail: ParsedMail, page: string) => {
  const match = new RegExp(`${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text ?? "");
  if (!match) throw new Error(`no ${page} link in: ${mail.text}`);
  return match[1]!;
};

/** The attacker, signed in with the owner's password, asks to move the account to their address. */
async function requestTakeover(ownerEmail: string) {
  const attacker = await logIn(server.url, ownerEmail);
  expect(attacker.status).toBe(200);
  const attackerEmail = uniqueEmail("attacker");
  const asked = await call(server.url, "POST", "/api/users/me/email", {
    cookie: attacker.cookie,
    json: { newEmail: attackerEmail, password: goodPassword },
  });
  expect(asked.status).toBe(202);
  const mail = await inbox.waitForMail(attackerEmail, /Confirm your new email address/);
  return { attackerEmail, attackerCookie: attacker.cookie, emailChangeToken: linkToken(mail, "change-email") };
}

async function resetPasswordByMail(email: string, password = newPassword) {
  const before = inbox.mailsTo(email, /Reset your .* password/).length;
  expect((await call(server.url, "POST", "/api/auth/password-reset/request", { json: { email } })).status).toBe(202);
  await expect.poll(() => inbox.mailsTo(email, /Reset your .* password/).length).toBe(before + 1);
  const token = resetTokenIn(inbox.mailsTo(email, /Reset your .* password/).at(-1)!);
  return call(server.url, "POST", "/api/auth/password-reset/confirm", { json: { token, newPassword: password } });
}

/** The account is still the owner's: their address and new password sign in, the attacker's address does not. */
async function expectOwnerKeepsAccount(ownerEmail: string, attackerEmail: string) {
  const owner = await logIn(server.url, ownerEmail, newPassword);
  expect(owner.status).toBe(200);
  expect(owner.body.user.email).toBe(ownerEmail);
  expect((await logIn(server.url, attackerEmail, newPassword)).status).toBe(401);
}

test.describe("A1 a credential change voids what was issued before it", () => {
  test("takeover after reset: the attacker's email-change link dies with the owner's password reset", async () => {
    const { email } = await registerUser(server.url);
    const { attackerEmail, attackerCookie, emailChangeToken } = await requestTakeover(email);
    // Warned by mail, the owner resets the password.
    await inbox.waitForMail(email, /about to change/);
    expect((await resetPasswordByMail(email)).status).toBe(204);

    expect((await session(attackerCookie)).status).toBe(401);
    const followed = await call(server.url, "POST", "/api/auth/email-change/confirm", { json: { token: emailChangeToken } });
    expect(followed.status).toBe(400);
    expect(followed.body.error.code).toBe("invalid_token");
    await expectOwnerKeepsAccount(email, attackerEmail);
  });

  test("takeover after a password change: the owner, signed in elsewhere, changes it, and the link dies", async () => {
    const { email, cookie: ownerCookie } = await registerUser(server.url);
    const { attackerEmail, attackerCookie, emailChangeToken } = await requestTakeover(email);
    const changed = await call(server.url, "POST", "/api/users/me/password", {
      cookie: ownerCookie,
      json: { currentPassword: goodPassword, newPassword },
    });
    expect(changed.status).toBe(204);
    // The owner's browser continues on a new session; the attacker's ended.
    expect((await session(changed.cookie)).status).toBe(200);
    expect((await session(ownerCookie)).status).toBe(401);
    expect((await session(attackerCookie)).status).toBe(401);

    const followed = await call(server.url, "POST", "/api/auth/email-change/confirm", { json: { token: emailChangeToken } });
    expect(followed.status).toBe(400);
    expect(followed.body.error.code).toBe("invalid_token");
    await expectOwnerKeepsAccount(email, attackerEmail);
  });

  test("a password-reset link and a verification link issued before a password change no longer work", async () => {
    const { email, cookie } = await registerUser(server.url);
    const verificationToken = linkToken(await inbox.waitForMail(email, /Confirm your email address/), "verify-email");
    expect((await call(server.url, "POST", "/api/auth/password-reset/request", { json: { email } })).status).toBe(202);
    const resetToken = resetTokenIn(await inbox.waitForMail(email, /Reset your .* password/));

    const changed = await call(server.url, "POST", "/api/users/me/password", {
      cookie,
      json: { currentPassword: goodPassword, newPassword },
    });
    expect(changed.status).toBe(204);

    const reset = await call(server.url, "POST", "/api/auth/password-reset/confirm", {
      json: { token: resetToken, newPassword: "the attacker's own long passphrase" },
    });
    expect(reset.status).toBe(400);
    expect(reset.body.error.code).toBe("invalid_token");
    const verified = await call(server.url, "POST", "/api/auth/email-verification/confirm", { json: { token: verificationToken } });
    expect(verified.status).toBe(400);
    expect(verified.body.error.code).toBe("invalid_token");
    expect((await logIn(server.url, email, newPassword)).status).toBe(200);
  });

  test("a two-factor sign-in begun before a password reset, or a password change, is refused", async () => {
    const owner = await userWithTwoFactor(server.url);
    const secondFactor = (challenge: string | null, code: string) =>
      call(server.url, "POST", "/api/auth/login/second-factor", { cookie: challenge, json: { code } });

    // The attacker passes the password step; the owner resets the password.
    const beforeReset = challengeCookie(await logIn(server.url, owner.email));
    expect(beforeReset).not.toBeNull();
    expect((await resetPasswordByMail(owner.email)).status).toBe(204);
    const refused = await secondFactor(beforeReset, owner.recoveryCodes[0]!);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("sign_in_expired");

    // Again, and this time the owner changes the password from a signed-in browser.
    const signedIn = await logIn(server.url, owner.email, newPassword);
    const ownerCookie = (await secondFactor(challengeCookie(signedIn), owner.recoveryCodes[1]!)).cookie;
    expect((await session(ownerCookie)).status).toBe(200);
    const beforeChange = challengeCookie(await logIn(server.url, owner.email, newPassword));
    expect(beforeChange).not.toBeNull();
    const changed = await call(server.url, "POST", "/api/users/me/password", {
      cookie: ownerCookie,
      json: { currentPassword: newPassword, newPassword: `${newPassword} again` },
    });
    expect(changed.status).toBe(204);
    const refusedAgain = await secondFactor(beforeChange, owner.recoveryCodes[2]!);
    expect(refusedAgain.status).toBe(401);
    expect(refusedAgain.body.error.code).toBe("sign_in_expired");
  });

  test("two-factor turned on, then off, ends every other session and keeps the acting client signed in", async () => {
    const { email, cookie: acting } = await registerUser(server.url);
    const other = (await logIn(server.url, email)).cookie;
    const setup = await call(server.url, "POST", "/api/users/me/two-factor/setup", { cookie: acting });
    const secret = setup.body.secret as string;

    const enabled = await call(server.url, "POST", "/api/users/me/two-factor/enable", { cookie: acting, json: { code: appCode(secret) } });
    expect(enabled.status).toBe(200);
    expect((await session(enabled.cookie)).status).toBe(200);
    expect((await session(acting)).status).toBe(401);
    expect((await session(other)).status).toBe(401);

    const signedInElsewhere = await logIn(server.url, email);
    const elsewhere = (
      await call(server.url, "POST", "/api/auth/login/second-factor", {
        cookie: challengeCookie(signedInElsewhere),
        json: { code: enabled.body.recoveryCodes[0] },
      })
    ).cookie;
    expect((await session(elsewhere)).status).toBe(200);
    const disabled = await call(server.url, "POST", "/api/users/me/two-factor/disable", {
      cookie: enabled.cookie,
      json: { password: goodPassword, code: appCode(secret, 1) },
    });
    expect(disabled.status).toBe(204);
    expect((await session(disabled.cookie)).status).toBe(200);
    expect((await session(enabled.cookie)).status).toBe(401);
    expect((await session(elsewhere)).status).toBe(401);
  });

  test("an email change confirmed by the signed-in owner keeps that client signed in and ends the others", async () => {
    const { email, cookie: acting } = await registerUser(server.url);
    const other = (await logIn(server.url, email)).cookie;
    const newEmail = uniqueEmail("moved");
    expect(
      (await call(server.url, "POST", "/api/users/me/email", { cookie: acting, json: { newEmail, password: goodPassword } })).status,
    ).toBe(202);
    const token = linkToken(await inbox.waitForMail(newEmail, /Confirm your new email address/), "change-email");
    const confirmed = await call(server.url, "POST", "/api/auth/email-change/confirm", { cookie: acting, json: { token } });
    expect(confirmed.status).toBe(204);
    const continued = await session(confirmed.cookie);
    expect(continued.status).toBe(200);
    expect(continued.body.user.email).toBe(newEmail);
    expect(continued.body.user).not.toHaveProperty("credentialVersion");
    expect((await session(acting)).status).toBe(401);
    expect((await session(other)).status).toBe(401);
  });
});

test.describe("A1 a sign-in whose password check was running when the password changed", () => {
  let slowServer: TestServer;
  let slowInbox: Inbox;

  test.beforeAll(async () => {
    slowInbox = await startInbox();
    // The account's hash is made at cost 14: checking it takes about a second.
    slowServer = await startServer({ SMTP_URL: slowInbox.url, BCRYPT_COST: "14" });
  });
  test.afterAll(async () => {
    await slowServer?.stop();
    await slowInbox?.close();
  });

  test("does not leave a working session", async () => {
    test.setTimeout(120_000);
    const { email } = await registerUser(slowServer.url);
    // Its welcome mail delivered first: a restart in the middle of it would cut the SMTP session.
    await slowInbox.waitForMail(email, /Confirm your email address/);
    // New hashes (the reset's) at the low cost again, far quicker than the old hash's check.
    await slowServer.restart({ BCRYPT_COST: "4" });
    expect((await call(slowServer.url, "POST", "/api/auth/password-reset/request", { json: { email } })).status).toBe(202);
    const resetToken = resetTokenIn(await slowInbox.waitForMail(email, /Reset your .* password/));

    const signIn = logIn(slowServer.url, email);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const reset = await call(slowServer.url, "POST", "/api/auth/password-reset/confirm", { json: { token: resetToken, newPassword } });
    expect(reset.status).toBe(204);
    const signedIn = await signIn;

    // Either the sign-in noticed the change (401), or its cookie opens nothing.
    if (signedIn.status === 200) {
      expect((await call(slowServer.url, "GET", "/api/auth/session", { cookie: signedIn.cookie })).status).toBe(401);
    } else {
      expect(signedIn.status).toBe(401);
      expect(signedIn.body.error.code).toBe("invalid_credentials");
    }
    // The reset really did land while the check was running: the new password works.
    expect((await logIn(slowServer.url, email, newPassword)).status).toBe(200);
  });
});

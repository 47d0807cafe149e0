import { expect, test } from "@playwright/test";
import { call, goodPassword, uniqueEmail } from "../support/api";
import { resetTokenIn, startServerWithInbox } from "../support/smtp";
import { appCode, challengeCookie } from "../support/two-factor";

// No password, cookie, mailed token, TOTP secret or recovery code reaches the server's log,
// even at its most verbose: a whole account's life is played against a server at
// LOG_LEVEL=trace, then every secret it used is looked for in everything the server wrote.
// At that level server.mjs logs every request with its headers and URL, so the redaction
// (scripts/logger.mjs) has cookies, credentials and link tokens to remove.

test("@once a full journey at LOG_LEVEL=trace leaves no secret in the server's output", async () => {
  test.setTimeout(90_000);
  const { server, inbox, stop } = await startServerWithInbox({ LOG_LEVEL: "trace" });
  const secrets: Record<string, string> = {};
  const cookieValue = (pair: string | null) => pair!.slice(pair!.indexOf("=") + 1);
  const keep = (name: string, value: string) => {
    expect(value.length, name).toBeGreaterThan(7);
    secrets[name] = value;
  };
  let requestId = "";
  try {
    const email = uniqueEmail("logs");
    const passwords = { first: goodPassword, changed: "a changed passphrase, long enough", reset: "the passphrase after the reset link" };
    for (const [name, value] of Object.entries(passwords)) keep(`password ${name}`, value);
    keep("wrong password", "a wrong guess at the password");

    const registered = await call(server.url, "POST", "/api/auth/register", {
      json: { email, password: passwords.first, name: "Log Reader" },
    });
    expect(registered.status).toBe(201);
    keep("session cookie after registering", cookieValue(registered.cookie));
    requestId = registered.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const verification = /verify-email\?token=([A-Za-z0-9_-]+)/.exec((await inbox.waitForMail(email, /confirm your email/i)).text ?? "");
    keep("verification token", verification![1]!);
    // The link as a browser opens it: its token in the URL of a logged request.
    expect((await call(server.url, "GET", `/verify-email?token=${secrets["verification token"]}`)).status).toBe(200);

    expect((await call(server.url, "POST", "/api/auth/login", { json: { email, password: secrets["wrong password"] } })).status).toBe(401);
    // A client that sends credentials of another kind: they are redacted from the request line too.
    keep("bearer token", "bearer-token-0123456789abcdef");
    const signedIn = await call(server.url, "POST", "/api/auth/login", {
      json: { email, password: passwords.first },
      headers: { authorization: `Bearer ${secrets["bearer token"]}` },
    });
    expect(signedIn.status).toBe(200);
    let cookie = signedIn.cookie!;
    keep("session cookie after signing in", cookieValue(cookie));

    const setup = await call(server.url, "POST", "/api/users/me/two-factor/setup", { cookie });
    keep("TOTP secret", setup.body.secret);
    const enabled = await call(server.url, "POST", "/api/users/me/two-factor/enable", {
      cookie,
      json: { code: appCode(setup.body.secret) },
    });
    expect(enabled.status).toBe(200);
    const recoveryCodes: string[] = enabled.body.recoveryCodes;
    recoveryCodes.forEach((code, i) => keep(`recovery code ${i}`, code));
    cookie = enabled.cookie!;
    keep("session cookie after 2FA", cookieValue(cookie));
    // A page, as a browser asks for it, cookie and all.
    expect((await call(server.url, "GET", "/account/security", { cookie })).status).toBe(200);

    const changed = await call(server.url, "POST", "/api/users/me/password", {
      cookie,
      json: { currentPassword: passwords.first, newPassword: passwords.changed },
    });
    expect(changed.status).toBe(204);
    cookie = changed.cookie ?? cookie;
    keep("session cookie after the password change", cookieValue(cookie));
    expect((await call(server.url, "POST", "/api/auth/logout", { cookie })).status).toBe(204);

    const passwordStep = await call(server.url, "POST", "/api/auth/login", { json: { email, password: passwords.changed } });
    const challenge = challengeCookie(passwordStep);
    keep("two-factor challenge cookie", cookieValue(challenge));
    const withRecovery = await call(server.url, "POST", "/api/auth/login/second-factor", {
      cookie: challenge,
      json: { code: recoveryCodes[0] },
    });
    expect(withRecovery.status).toBe(200);
    keep("session cookie after a recovery code", cookieValue(withRecovery.cookie));

    expect((await call(server.url, "POST", "/api/auth/password-reset/request", { json: { email } })).status).toBe(202);
    keep("reset token", resetTokenIn(await inbox.waitForMail(email, /reset your/i)));
    expect((await call(server.url, "GET", `/reset-password?token=${secrets["reset token"]}`)).status).toBe(200);
    const reset = await call(server.url, "POST", "/api/auth/password-reset/confirm", {
      json: { token: secrets["reset token"], newPassword: passwords.reset },
    });
    expect(reset.status).toBe(204);
    // A body the server refuses still carries a password.
    const refused = await call(server.url, "POST", "/api/auth/login", {
      body: `{"email":"${email}","password":"${passwords.reset}"`,
      headers: { "content-type": "application/json" },
    });
    expect(refused.status).toBe(400);
  } finally {
    await stop();
  }

  const output = server.output();
  for (const [name, value] of Object.entries(secrets)) {
    expect(output.includes(value), `${name} appears in the server's output`).toBe(false);
  }
  // The log had something to redact: requests with their headers and URLs, this journey's among them.
  expect(output).toContain('"cookie":"[Redacted]"');
  expect(output).toContain('"authorization":"[Redacted]"');
  expect(output).toContain("token=[Redacted]");
  const lines = output.split("\n").filter((line) => line.includes(`"requestId":"${requestId}"`));
  expect(lines.map((line) => JSON.parse(line).message)).toEqual(expect.arrayContaining(["security event", "request"]));
});

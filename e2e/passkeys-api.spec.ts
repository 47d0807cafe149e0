import { expect, test } from "@playwright/test";
import { type ApiResponse, call, goodPassword, logIn, registerUser } from "./support/api";
import { mainServerEnv } from "./support/admin";
import { addPasskey, cookiesOf, lapsePasskeyChallenge, passkeyOptions } from "./support/passkeys";
import { SoftwareAuthenticator } from "./support/software-authenticator";
import { challengeCookie, userWithTwoFactor } from "./support/two-factor";

// Passkeys through the API, answered by a software authenticator (e2e/support/software-authenticator.ts)
// that lets each test bend what an attacker could: the origin, the counter, the credential
// it names, the challenge it answers. Every refusal is the same 400 and signs nothing in.

const signIn = (baseURL: string, cookie: string, credential: unknown) =>
  call(baseURL, "POST", "/api/auth/passkeys/sign-in", { cookie, json: { credential } });

let refusal: unknown;

/** The one answer every refused assertion gets; and nothing signed in by it. */
async function expectRefused(baseURL: string, response: ApiResponse) {
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe("invalid_passkey");
  refusal ??= response.body;
  expect(response.body).toEqual(refusal);
  expect(response.cookie).toBeNull();
  expect((await call(baseURL, "GET", "/api/auth/session", { cookie: cookiesOf(response) })).status).toBe(401);
}

test("a passkey added through the API signs in with no password, and is listed with its use", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator, passkey } = await addPasskey(baseURL!, account.cookie);
  expect(passkey.name).toMatch(/^Passkey/);

  const { options, cookie } = await passkeyOptions(baseURL!);
  expect(options.rpId).toBe("localhost");
  const signedIn = await signIn(baseURL!, cookie, authenticator.authenticate(options));
  expect(signedIn.status).toBe(200);
  expect(signedIn.body.user.email).toBe(account.email);
  const session = await call(baseURL!, "GET", "/api/auth/session", { cookie: signedIn.cookie });
  expect(session.status).toBe(200);

  const listed = await call(baseURL!, "GET", "/api/auth/passkeys", { cookie: signedIn.cookie });
  expect(listed.body.passkeys).toHaveLength(1);
  expect(listed.body.passkeys[0].lastUsedAt).not.toBeNull();
  const activity = await call(baseURL!, "GET", "/api/users/me/activity", { cookie: signedIn.cookie });
  expect(activity.body.events.map((event: { type: string }) => event.type)).toEqual(
    expect.arrayContaining(["passkey_added", "passkey_signed_in"]),
  );
});

test("a replayed assertion is refused, with its attempt cookie or a new one", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const { options, cookie } = await passkeyOptions(baseURL!);
  const assertion = authenticator.authenticate(options);
  expect((await signIn(baseURL!, cookie, assertion)).status).toBe(200);
  await expectRefused(baseURL!, await signIn(baseURL!, cookie, assertion));
  await expectRefused(baseURL!, await signIn(baseURL!, (await passkeyOptions(baseURL!)).cookie, assertion));
});

test("an assertion made for another origin is refused", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const { options, cookie } = await passkeyOptions(baseURL!);
  await expectRefused(baseURL!, await signIn(baseURL!, cookie, authenticator.authenticate(options, { origin: "https://phish.example" })));
});

test("an assertion for a lapsed challenge is refused", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const { options, cookie } = await passkeyOptions(baseURL!);
  await lapsePasskeyChallenge(mainServerEnv(), options.challenge);
  await expectRefused(baseURL!, await signIn(baseURL!, cookie, authenticator.authenticate(options)));
});

test("a challenge fetched by one browser cannot be answered from another", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const mine = await passkeyOptions(baseURL!);
  const theirs = await passkeyOptions(baseURL!);
  const answer = authenticator.authenticate(theirs.options);
  await expectRefused(baseURL!, await signIn(baseURL!, mine.cookie, answer));
  // Refused for its binding alone: from the browser that asked, the same answer signs in.
  expect((await signIn(baseURL!, theirs.cookie, answer)).status).toBe(200);
});

test("another account's credential id is refused, at sign-in and as a second factor", async ({ baseURL }) => {
  const victim = await registerUser(baseURL!);
  const { authenticator: victims } = await addPasskey(baseURL!, victim.cookie);
  const attacker = await userWithTwoFactor(baseURL!);
  const { authenticator: attackers } = await addPasskey(baseURL!, attacker.cookie);

  // Signed with the attacker's key, naming the victim's credential.
  const { options, cookie } = await passkeyOptions(baseURL!);
  await expectRefused(baseURL!, await signIn(baseURL!, cookie, attackers.authenticate(options, { credentialId: victims.credentialId })));

  // The attacker's password step, finished with the victim's passkey.
  const pending = challengeCookie(await logIn(baseURL!, attacker.email, goodPassword))!;
  const factorOptions = await call(baseURL!, "POST", "/api/auth/passkeys/second-factor/options", { cookie: pending });
  expect(factorOptions.status).toBe(200);
  expect(factorOptions.body.allowCredentials.map((c: { id: string }) => c.id)).toEqual([attackers.credentialId]);
  const answer = victims.authenticate(factorOptions.body);
  await expectRefused(
    baseURL!,
    await call(baseURL!, "POST", "/api/auth/passkeys/second-factor", { cookie: pending, json: { credential: answer } }),
  );
});

test("a counter that goes backwards is refused", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const first = await passkeyOptions(baseURL!);
  expect((await signIn(baseURL!, first.cookie, authenticator.authenticate(first.options, { counter: 5 }))).status).toBe(200);
  const second = await passkeyOptions(baseURL!);
  await expectRefused(baseURL!, await signIn(baseURL!, second.cookie, authenticator.authenticate(second.options, { counter: 3 })));
});

test("without user verification a passkey is no passwordless sign-in", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const { options, cookie } = await passkeyOptions(baseURL!);
  await expectRefused(baseURL!, await signIn(baseURL!, cookie, authenticator.authenticate(options, { userVerified: false })));
});

test("a passkey finishes a two-factor sign-in in place of the app code", async ({ baseURL }) => {
  const account = await userWithTwoFactor(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const pending = challengeCookie(await logIn(baseURL!, account.email, goodPassword))!;
  const options = await call(baseURL!, "POST", "/api/auth/passkeys/second-factor/options", { cookie: pending });
  const done = await call(baseURL!, "POST", "/api/auth/passkeys/second-factor", {
    cookie: pending,
    json: { credential: authenticator.authenticate(options.body, { userVerified: false }) },
  });
  expect(done.status).toBe(200);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: done.cookie })).status).toBe(200);
});

test("removing a passkey ends every session, and it signs in no more", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator, passkey } = await addPasskey(baseURL!, account.cookie);
  const { options, cookie } = await passkeyOptions(baseURL!);
  const other = await signIn(baseURL!, cookie, authenticator.authenticate(options));
  expect(other.status).toBe(200);

  const removed = await call(baseURL!, "DELETE", `/api/auth/passkeys/${passkey.id}`, { cookie: account.cookie });
  expect(removed.status).toBe(204);
  expect(removed.cookie).not.toBeNull();
  // The session the passkey made ended with it; the browser that removed it continues.
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: other.cookie })).status).toBe(401);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: removed.cookie })).status).toBe(200);
  const again = await passkeyOptions(baseURL!);
  await expectRefused(baseURL!, await signIn(baseURL!, again.cookie, authenticator.authenticate(again.options)));
  expect((await call(baseURL!, "DELETE", `/api/auth/passkeys/${passkey.id}`, { cookie: removed.cookie })).status).toBe(404);
});

test("one account cannot rename or remove another's passkey", async ({ baseURL }) => {
  const owner = await registerUser(baseURL!);
  const { passkey } = await addPasskey(baseURL!, owner.cookie);
  const stranger = await registerUser(baseURL!);
  const rename = await call(baseURL!, "PATCH", `/api/auth/passkeys/${passkey.id}`, { cookie: stranger.cookie, json: { name: "mine now" } });
  expect(rename.status).toBe(404);
  expect((await call(baseURL!, "DELETE", `/api/auth/passkeys/${passkey.id}`, { cookie: stranger.cookie })).status).toBe(404);
  const renamed = await call(baseURL!, "PATCH", `/api/auth/passkeys/${passkey.id}`, {
    cookie: owner.cookie,
    json: { name: "Work laptop" },
  });
  expect(renamed.body.passkey.name).toBe("Work laptop");
});

test("a passkey survives a change of password: a separate credential, it signs in after it", async ({ baseURL }) => {
  // A reset makes the same credential change (lib/credential-version.ts), which ends every
  // session and leaves the account's passkeys as they are (docs/passkeys.md says why).
  const account = await registerUser(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const changed = await call(baseURL!, "POST", "/api/users/me/password", {
    cookie: account.cookie,
    json: { currentPassword: goodPassword, newPassword: "another horse battery staple" },
  });
  expect(changed.status).toBeLessThan(300);
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie: account.cookie })).status).toBe(401);
  const { options, cookie } = await passkeyOptions(baseURL!);
  expect((await signIn(baseURL!, cookie, authenticator.authenticate(options))).status).toBe(200);
});

test("adding a passkey needs a signed-in, fresh session, and a challenge of that session", async ({ baseURL }) => {
  expect((await call(baseURL!, "POST", "/api/auth/passkeys/registration/options")).status).toBe(401);
  const first = await registerUser(baseURL!);
  const second = await registerUser(baseURL!);
  const options = await call(baseURL!, "POST", "/api/auth/passkeys/registration/options", { cookie: first.cookie });
  const authenticator = new SoftwareAuthenticator(baseURL!);
  const added = await call(baseURL!, "POST", "/api/auth/passkeys/registration", {
    cookie: second.cookie,
    json: { credential: authenticator.register(options.body) },
  });
  expect(added.status).toBe(400);
  expect(added.body.error.code).toBe("invalid_passkey");
  expect((await call(baseURL!, "GET", "/api/auth/passkeys", { cookie: second.cookie })).body.passkeys).toEqual([]);
});

test("a password-only session gets 403 step_up_required on an aal2 route, and 200 after a passkey step-up", async ({ baseURL }) => {
  const account = await registerUser(baseURL!);
  const { authenticator } = await addPasskey(baseURL!, account.cookie);
  const refused = await call(baseURL!, "GET", "/api/users/me/export", { cookie: account.cookie });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe("step_up_required");

  const options = await call(baseURL!, "POST", "/api/auth/passkeys/step-up/options", { cookie: account.cookie });
  expect(options.status).toBe(200);
  // Another session's challenge does not confirm this one.
  const other = await logIn(baseURL!, account.email);
  const stolen = await call(baseURL!, "POST", "/api/auth/passkeys/step-up", {
    cookie: other.cookie,
    json: { credential: authenticator.authenticate(options.body) },
  });
  expect(stolen.status).toBe(400);
  expect(stolen.body.error.code).toBe("invalid_passkey");

  const again = await call(baseURL!, "POST", "/api/auth/passkeys/step-up/options", { cookie: account.cookie });
  const stepped = await call(baseURL!, "POST", "/api/auth/passkeys/step-up", {
    cookie: account.cookie,
    json: { credential: authenticator.authenticate(again.body) },
  });
  expect(stepped.status).toBe(200);
  expect(stepped.body.session).toMatchObject({ assurance: "aal2", method: "passkey" });
  expect((await call(baseURL!, "GET", "/api/users/me/export", { cookie: stepped.cookie })).status).toBe(200);
});

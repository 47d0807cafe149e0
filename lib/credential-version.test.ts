import { describe, expect, it } from "vitest";
import { findAccountToken, issueAccountToken } from "./account-token";
import { recordCredentialChange } from "./credential-version";
import { createSession, validateSessionToken } from "./session";
import { createSignInChallenge, findSignInChallenge } from "./sign-in-challenge";
import { client, createTestSession, makeUser, readRow, setUserColumns } from "./test-helpers";
import { readCredentialVersion } from "./user";

const hour = 60 * 60;

describe("recordCredentialChange", () => {
  it("voids the account's links, pending sign-ins and sessions, and nothing of another account", async () => {
    const user = await makeUser();
    const bystander = await makeUser();
    const version = (await readCredentialVersion(user.id))!;
    const reset = await issueAccountToken(user.id, "password_reset", hour, version);
    const change = await issueAccountToken(user.id, "email_change", hour, version, "new@example.test");
    const challenge = await createSignInChallenge(user.id, false, version);
    const { token: sessionToken } = await createTestSession(user.id);
    const { token: bystanderSession } = await createTestSession(bystander.id);

    expect(await recordCredentialChange(user.id)).toBe(version + 1);
    await expect(findAccountToken(reset, "password_reset")).rejects.toMatchObject({ code: "invalid_token" });
    await expect(findAccountToken(change, "email_change")).rejects.toMatchObject({ code: "invalid_token" });
    expect(await findSignInChallenge(challenge.token)).toBeNull();
    expect(await validateSessionToken(sessionToken, { renew: false })).toBeNull();
    expect(await validateSessionToken(bystanderSession, { renew: false })).not.toBeNull();
  });

  it("refuses what was issued under the old version after the clean-up, as a racing issue would be", async () => {
    const user = await makeUser();
    const old = (await readCredentialVersion(user.id))!;
    await recordCredentialChange(user.id);
    const lateLink = await issueAccountToken(user.id, "password_reset", hour, old);
    await expect(findAccountToken(lateLink, "password_reset")).rejects.toMatchObject({ code: "invalid_token" });
    const lateChallenge = await createSignInChallenge(user.id, false, old);
    expect(await findSignInChallenge(lateChallenge.token)).toBeNull();
    // The sign-in whose password check began before the change gets no session at all.
    expect(await createSession(user.id, { persistent: false, credentialVersion: old, method: "password", ...client })).toBeNull();
    // Under the new version, all of them work.
    const link = await issueAccountToken(user.id, "password_reset", hour, old + 1);
    expect((await findAccountToken(link, "password_reset")).user.id).toBe(user.id);
    expect(await createSession(user.id, { persistent: false, credentialVersion: old + 1, method: "password", ...client })).not.toBeNull();
  });

  it("of two changes authorised under one version, writes only the first", async () => {
    const user = await makeUser();
    const version = (await readCredentialVersion(user.id))!;
    const results = await Promise.all([
      recordCredentialChange(user.id, { email: `first-${user.email}` }, { expectedVersion: version }),
      recordCredentialChange(user.id, { email: `second-${user.email}` }, { expectedVersion: version }),
    ]);
    expect(results.filter((result) => result === version + 1)).toHaveLength(1);
    expect(results.filter((result) => result === null)).toHaveLength(1);
    expect(await readCredentialVersion(user.id)).toBe(version + 1);
  });

  it("refuses and deletes a session whose version is no longer the account's, however it survived", async () => {
    const user = await makeUser();
    const { token, session } = await createTestSession(user.id);
    // As if the change landed after the session's creation checked the version, and its clean-up missed it.
    await setUserColumns(user.id, { credentialVersion: (await readCredentialVersion(user.id))! + 1 });
    expect(await validateSessionToken(token, { renew: true })).toBeNull();
    expect(await readRow("Session", session.id)).toBeUndefined();
  });

  it("keeps the version out of what the API shows of a user", async () => {
    const user = await makeUser();
    const { token } = await createTestSession(user.id);
    const validated = (await validateSessionToken(token, { renew: false }))!;
    expect(validated.user).not.toHaveProperty("credentialVersion");
    expect(validated.userCredentialVersion).toBe(validated.session.credentialVersion);
  });
});

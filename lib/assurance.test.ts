import { describe, expect, it } from "vitest";
import { assuranceOf, meetsAssurance, readAssurance, readSignInMethod, signInMethods } from "./assurance";
import { createSession, validateSessionToken } from "./session";
import { client, makeUser } from "./test-helpers";
import { readCredentialVersion } from "./user";

describe("assurance levels", () => {
  it("a password alone is aal1; a second factor or a passkey (with user verification) is aal2", () => {
    expect(Object.fromEntries(signInMethods.map((method) => [method, assuranceOf(method)]))).toEqual({
      password: "aal1",
      "password+totp": "aal2",
      "password+recovery-code": "aal2",
      passkey: "aal2",
      "password+passkey": "aal2",
    });
  });

  it("aal2 meets aal1 and aal2; aal1 meets only aal1", () => {
    expect(meetsAssurance("aal2", "aal2")).toBe(true);
    expect(meetsAssurance("aal2", "aal1")).toBe(true);
    expect(meetsAssurance("aal1", "aal1")).toBe(true);
    expect(meetsAssurance("aal1", "aal2")).toBe(false);
  });

  it("reads a stored value it does not know as the weakest, and never a level above its method", () => {
    expect(readSignInMethod(undefined)).toBe("password");
    expect(readSignInMethod("sms")).toBe("password");
    expect(readSignInMethod("PASSKEY")).toBe("password");
    expect(readSignInMethod("password+totp")).toBe("password+totp");
    expect(readAssurance("aal2", "password")).toBe("aal1");
    expect(readAssurance("aal3", "passkey")).toBe("aal1");
    expect(readAssurance(undefined, "passkey")).toBe("aal1");
    expect(readAssurance("aal2", "passkey")).toBe("aal2");
    // A stored aal1 stays aal1, even beside a strong method: a level is never raised on reading.
    expect(readAssurance("aal1", "password+totp")).toBe("aal1");
  });
});

describe("the level of a new session", () => {
  async function sessionSignedInWith(userId: string, method: Parameters<typeof createSession>[1]["method"], notAfter?: Date) {
    const credentialVersion = (await readCredentialVersion(userId))!;
    const created = await createSession(userId, { persistent: false, credentialVersion, method, notAfter, ...client });
    return (await validateSessionToken(created!.token, { renew: false }))!.session;
  }

  it("comes from the method it was signed in with", async () => {
    const user = await makeUser();
    expect(await sessionSignedInWith(user.id, "password")).toMatchObject({ assurance: "aal1", method: "password" });
    expect(await sessionSignedInWith(user.id, "password+totp")).toMatchObject({ assurance: "aal2", method: "password+totp" });
    expect(await sessionSignedInWith(user.id, "passkey")).toMatchObject({ assurance: "aal2", method: "passkey" });
  });

  it("a re-authentication never raises it above the method it used: an aal2 session that gives its password again is aal1", async () => {
    const user = await makeUser();
    const strong = await sessionSignedInWith(user.id, "password+totp");
    const reauthenticated = await sessionSignedInWith(user.id, "password", strong.absoluteExpiresAt);
    expect(reauthenticated).toMatchObject({ assurance: "aal1", method: "password" });
    expect(reauthenticated.absoluteExpiresAt.getTime()).toBeLessThanOrEqual(strong.absoluteExpiresAt.getTime());
  });
});

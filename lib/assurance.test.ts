import { afterEach, describe, expect, it, vi } from "vitest";
import { assuranceOf, meetsAssurance, readAssurance, readSignInMethod, type SignInMethod, signInMethods } from "./assurance";
import { loadConfigForTest } from "./config";
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

const hour = 60 * 60 * 1000;

async function signInWith(userId: string, method: SignInMethod, options: { persistent?: boolean; notAfter?: Date } = {}) {
  const credentialVersion = (await readCredentialVersion(userId))!;
  const created = await createSession(userId, {
    persistent: options.persistent ?? false,
    credentialVersion,
    method,
    ...options,
    ...client,
  });
  return created!;
}

async function sessionSignedInWith(userId: string, method: SignInMethod, notAfter?: Date) {
  const { token } = await signInWith(userId, method, { notAfter });
  return (await validateSessionToken(token, { renew: false }))!.session;
}

describe("the level of a new session", () => {
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

describe("lifetimes by level", () => {
  afterEach(() => {
    vi.useRealTimers();
    loadConfigForTest(process.env);
  });

  // The unit tests' defaults: 1 h idle, 14 d remember-me idle, 30 d absolute; aal2: 1 h idle, 24 h absolute.
  it("an aal2 session lives at most 24 hours and idles at most 1 hour, even with remember me; aal1 keeps the general limits", async () => {
    const user = await makeUser();
    const started = Date.now();
    const strong = (await signInWith(user.id, "passkey", { persistent: true })).session;
    const weak = (await signInWith(user.id, "password", { persistent: true })).session;
    expect(strong.absoluteExpiresAt.getTime() - started).toBeLessThanOrEqual(24 * hour + 1000);
    expect(strong.absoluteExpiresAt.getTime() - started).toBeGreaterThan(24 * hour - 60_000);
    expect(strong.idleExpiresAt.getTime() - started).toBeLessThanOrEqual(hour + 1000);
    expect(weak.absoluteExpiresAt.getTime() - started).toBeGreaterThan(29 * 24 * hour);
    expect(weak.idleExpiresAt.getTime() - started).toBeGreaterThan(13 * 24 * hour);
  });

  it("renewal keeps an aal2 session to its own idle timeout, and it ends at its own absolute one", async () => {
    const user = await makeUser();
    const { token, session } = await signInWith(user.id, "password+totp", { persistent: true });
    vi.useFakeTimers({ now: session.createdAt.getTime() + 40 * 60 * 1000, toFake: ["Date"] });
    const renewed = await validateSessionToken(token, { renew: true });
    expect(renewed?.renewed).toBe(true);
    expect(renewed!.session.idleExpiresAt.getTime()).toBe(Date.now() + hour);
    // Kept alive by activity, it still ends 24 hours after the sign-in.
    const minute = 60 * 1000;
    for (let at = 60; at < 24 * 60; at += 20) {
      vi.setSystemTime(session.createdAt.getTime() + at * minute);
      expect(await validateSessionToken(token, { renew: true }), `after ${at} minutes`).not.toBeNull();
    }
    vi.setSystemTime(session.absoluteExpiresAt);
    expect(await validateSessionToken(token, { renew: true })).toBeNull();
  });

  it("aal2's limits never lengthen the general ones", async () => {
    loadConfigForTest({
      ...process.env,
      SESSION_ABSOLUTE_TIMEOUT: "7200",
      SESSION_AAL2_ABSOLUTE_TIMEOUT: "86400",
      SESSION_AAL2_IDLE_TIMEOUT: "86400",
    });
    const user = await makeUser();
    const started = Date.now();
    const { session } = await signInWith(user.id, "password+totp");
    expect(session.absoluteExpiresAt.getTime() - started).toBeLessThanOrEqual(2 * hour + 1000);
    expect(session.idleExpiresAt.getTime() - started).toBeLessThanOrEqual(hour + 1000);
  });
});

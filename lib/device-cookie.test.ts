import { describe, expect, it } from "vitest";
import { getConfig } from "./config";
import { clearDeviceFailures, readDeviceCookie, recognizeDevice, recordDeviceFailure, setDeviceCookie } from "./device-cookie";
import { recordCredentialChange } from "./credential-version";
import { makeUser, uniqueEmail } from "./test-helpers";

async function deviceCookieFor(account: { id: string; email: string }, credentialVersion = 0) {
  let set: { name: string; value: string; options: Record<string, unknown> } | undefined;
  await setDeviceCookie({ set: (name, value, options) => (set = { name, value, options }) }, account, credentialVersion);
  return set!;
}

describe("device cookies", () => {
  it("are sealed, HttpOnly, SameSite=Lax, a year long, and name the account only to the server", async () => {
    const account = { id: "user-1", email: uniqueEmail() };
    const cookie = await deviceCookieFor(account);
    expect(cookie.name).toBe(`${getConfig().sessionCookieName}-device`);
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 24 * 60 * 60 });
    expect(cookie.value).not.toContain(account.email.split("@")[0]);
    expect(await readDeviceCookie(cookie.value)).toMatchObject({ email: account.email, userId: "user-1" });
    // A new device id each time.
    expect((await readDeviceCookie((await deviceCookieFor(account)).value))!.deviceId).not.toBe(
      (await readDeviceCookie(cookie.value))!.deviceId,
    );
  });

  it("count only for their own account, and not when forged", async () => {
    const account = await makeUser();
    const { value } = await deviceCookieFor(account);
    expect(await recognizeDevice(value, { email: account.email })).not.toBeNull();
    expect(await recognizeDevice(value, { userId: account.id })).not.toBeNull();
    expect(await recognizeDevice(value, { email: uniqueEmail() })).toBeNull();
    expect(await recognizeDevice(value, { userId: "user-3" })).toBeNull();
    expect(await recognizeDevice(value.slice(0, -3) + "abc", { email: account.email })).toBeNull();
    expect(await recognizeDevice("Fe26.2*garbage", { email: account.email })).toBeNull();
    expect(await recognizeDevice(undefined, { email: account.email })).toBeNull();
  });

  it("stop counting once the account's credentials change", async () => {
    const account = await makeUser();
    const { value } = await deviceCookieFor(account);
    expect(await recognizeDevice(value, { email: account.email })).not.toBeNull();
    await recordCredentialChange(account.id);
    expect(await recognizeDevice(value, { email: account.email })).toBeNull();
    expect(await recognizeDevice((await deviceCookieFor(account, 1)).value, { email: account.email })).not.toBeNull();
  });

  it("stop counting after their own failure limit, until a success clears it", async () => {
    const account = await makeUser();
    const { value } = await deviceCookieFor(account);
    for (let i = 0; i < getConfig().rateLimits.deviceFailures; i++) {
      expect(await recognizeDevice(value, account)).not.toBeNull();
      await recordDeviceFailure(value);
    }
    expect(await recognizeDevice(value, account)).toBeNull();
    await clearDeviceFailures(value);
    expect(await recognizeDevice(value, account)).not.toBeNull();
  });
});

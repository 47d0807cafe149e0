import crypto from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { getConfig } from "./config";
import { getLimiters } from "./rate-limiters";
import { readCredentialVersion } from "./user";
import { type CookieOptions, sealPassword, sessionCookieName, unsealPasswords } from "./session-cookie";

// Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"):
// a browser that completed a sign-in to an account gets a long-lived cookie naming
// the account (sealed: nothing in it is readable) and a random device id. Presenting
// it for that account exempts the browser from the account's delay and lock and from
// the shared budget, so that whoever guesses the password cannot lock the owner
// out; after RATE_LIMIT_DEVICE_FAILURES consecutive failures through it, the cookie
// no longer counts and its browser is held like any other. Signing out keeps it; a
// credential change (lib/credential-version.ts) voids it, as it voids sessions and links:
// only the browser that made the change keeps its device, under the new version.

export const deviceCookieMaxAgeSeconds = 365 * 24 * 60 * 60;

type DeviceSeal = { email: string; userId: string; deviceId: string; credentialVersion: number };
export type Device = DeviceSeal;

type CookieWriter = { set(name: string, value: string, options: CookieOptions): unknown };

/** `session-device`, or `__Host-session-device` when the session cookie carries the prefix. */
export function deviceCookieName(): string {
  return `${sessionCookieName()}-device`;
}

/**
 * Sets the device cookie naming the account just signed in to, and returns its device
 * id. `recognized`: the device this sign-in was recognised as (recognizeDevice: this
 * account, current credential version, within its failure limit) keeps its id, so the
 * account's known devices (lib/known-devices.ts) know it again; any other browser gets
 * a new id, as before, with a failure count of its own.
 */
export async function setDeviceCookie(
  writer: CookieWriter,
  account: { id: string; email: string },
  credentialVersion: number,
  recognized: Device | null = null,
): Promise<string> {
  const deviceId = recognized?.userId === account.id ? recognized.deviceId : crypto.randomUUID();
  await writeDeviceCookie(writer, { email: account.email, userId: account.id, deviceId, credentialVersion });
  return deviceId;
}

/**
 * After a credential change made in this browser: the device it already was for this
 * account carries on under the new version. No new device id: a session and a password
 * alone must not mint devices (each has a failure limit of its own). Returns the device, if any.
 */
export async function renewDeviceCookie(
  writer: CookieWriter,
  cookie: string | null | undefined,
  account: { id: string; email: string },
  credentialVersion: number,
): Promise<Device | null> {
  const device = await readDeviceCookie(cookie);
  if (device?.userId !== account.id) return null;
  const renewed = { ...device, email: account.email, credentialVersion };
  await writeDeviceCookie(writer, renewed);
  return renewed;
}

async function writeDeviceCookie(writer: CookieWriter, device: DeviceSeal): Promise<void> {
  const seal = await sealData(device, { password: sealPassword(), ttl: deviceCookieMaxAgeSeconds });
  writer.set(deviceCookieName(), seal, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: getConfig().secureCookies,
    maxAge: deviceCookieMaxAgeSeconds,
  });
}

/** The device a cookie value names, or null for anything the server did not seal (or sealed over a year ago). */
export async function readDeviceCookie(value: string | null | undefined): Promise<Device | null> {
  if (!value || value.length > 1024 || !value.startsWith("Fe26.2*")) return null;
  try {
    const data = await unsealData<Partial<DeviceSeal>>(value, { password: unsealPasswords(), ttl: deviceCookieMaxAgeSeconds });
    const { email, userId, deviceId, credentialVersion } = data;
    const valid =
      typeof email === "string" && typeof userId === "string" && typeof deviceId === "string" && typeof credentialVersion === "number";
    return valid ? { email, userId, deviceId, credentialVersion } : null;
  } catch {
    return null;
  }
}

/**
 * The device behind the cookie, when it names this account (by its email at the
 * password step, by its id at the code step) under its current credential version,
 * and is within its own failure limit. Only a cookie that names the account costs a
 * read: strangers' attempts cost none.
 */
export async function recognizeDevice(
  cookie: string | null | undefined,
  account: { email: string } | { userId: string },
): Promise<Device | null> {
  const device = await readDeviceCookie(cookie);
  if (!device) return null;
  const matches = "email" in account ? device.email === account.email : device.userId === account.userId;
  if (!matches) return null;
  const l = await getLimiters();
  const [failures, credentialVersion] = await Promise.all([l.deviceFailures.get(device.deviceId), readCredentialVersion(device.userId)]);
  if (credentialVersion !== device.credentialVersion) return null;
  return failures && failures.consumedPoints >= l.deviceFailures.points ? null : device;
}

/** Counts a failure (wrong password or code) against the device the cookie names, if any. */
export async function recordDeviceFailure(cookie: string | null | undefined): Promise<void> {
  const device = await readDeviceCookie(cookie);
  if (device) await (await getLimiters()).deviceFailures.penalty(device.deviceId, 1);
}

export async function clearDeviceFailures(cookie: string | null | undefined): Promise<void> {
  const device = await readDeviceCookie(cookie);
  if (device) await (await getLimiters()).deviceFailures.delete(device.deviceId);
}

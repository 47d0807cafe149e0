import { describe, expect, it } from "vitest";
import {
  alertIntervalMs,
  carryKnownDevice,
  confirmKnownDevice,
  forgetKnownDevice,
  listKnownDevices,
  maxKnownDevices,
  recordDeviceSignIn,
} from "./known-devices";
import { makeUser } from "./test-helpers";

const signIn = (userId: string, deviceId: string, credentialVersion = 0) => ({
  userId,
  deviceId,
  label: "Chrome 150 on Linux",
  credentialVersion,
  lastSessionId: `session-${deviceId}`,
});

describe("known devices", () => {
  it("alerts a new device once a day until it is confirmed, then never; forgotten, it alerts again", async () => {
    const user = await makeUser();
    const now = new Date();
    expect(await recordDeviceSignIn(signIn(user.id, "a"), now)).toEqual({ alert: true });
    expect(await recordDeviceSignIn(signIn(user.id, "a"), new Date(now.getTime() + 1000))).toEqual({ alert: false });
    const nextDay = new Date(now.getTime() + alertIntervalMs + 1000);
    expect(await recordDeviceSignIn(signIn(user.id, "a"), nextDay)).toEqual({ alert: true });
    await confirmKnownDevice(user.id, "a");
    expect(await recordDeviceSignIn(signIn(user.id, "a"), new Date(nextDay.getTime() + 2 * alertIntervalMs))).toEqual({ alert: false });
    expect(await forgetKnownDevice(user.id, { deviceId: "a" })).toBe("session-a");
    expect(await recordDeviceSignIn(signIn(user.id, "a"))).toEqual({ alert: true });
  });

  it("keeps at most maxKnownDevices per account: a flood of new cookies replaces unconfirmed devices, not confirmed ones, and still alerts", async () => {
    const user = await makeUser();
    const start = Date.now();
    await recordDeviceSignIn(signIn(user.id, "owner"), new Date(start));
    await confirmKnownDevice(user.id, "owner");
    for (let i = 0; i < maxKnownDevices + 5; i++) {
      expect(await recordDeviceSignIn(signIn(user.id, `flood-${i}`), new Date(start + 1000 * (i + 1)))).toEqual({ alert: true });
    }
    const devices = await listKnownDevices(user.id, 0);
    expect(devices).toHaveLength(maxKnownDevices);
    expect(devices.map((device) => device.deviceId)).toContain("owner");
    expect(devices.map((device) => device.deviceId)).toContain(`flood-${maxKnownDevices + 4}`);
  }, 30_000);

  it("a credential change voids the list but for the device carried over to the new version", async () => {
    const user = await makeUser();
    await recordDeviceSignIn(signIn(user.id, "kept"));
    await recordDeviceSignIn(signIn(user.id, "other"));
    await carryKnownDevice(user.id, "kept", 1);
    expect((await listKnownDevices(user.id, 1)).map((device) => device.deviceId)).toEqual(["kept"]);
    // The old version's rows go at the next sign-in; the other browser's cookie is void, so it comes back as a new device.
    expect(await recordDeviceSignIn(signIn(user.id, "new-id-of-other", 1))).toEqual({ alert: true });
    expect((await listKnownDevices(user.id, 0)).length).toBe(0);
  });
});

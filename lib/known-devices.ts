import { getDb } from "./db";

// The browsers an account has signed in from, each named by the random id in its
// device cookie (lib/device-cookie.ts). A row outlives sessions; it is voided with
// the cookie by a credential change (its credentialVersion no longer the account's),
// except for the browser that made the change (carryKnownDevice). A device counts as
// known once its owner confirmed it (or registered on it): until then each sign-in
// from it may alert the owner, at most once a day (lib/sign-in-alert.ts).

/** Rows kept per account: a flood of sign-ins from fresh cookies replaces the unconfirmed ones first. */
export const maxKnownDevices = 20;

export const alertIntervalMs = 24 * 60 * 60 * 1000;

export type KnownDevice = {
  id: string;
  deviceId: string;
  label: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  confirmedAt: Date | null;
};

type DeviceSignIn = { userId: string; deviceId: string; label: string; credentialVersion: number; lastSessionId: string };

/**
 * Notes a sign-in from a device and says whether its owner should be alerted: the
 * device is not confirmed and had no alert in the last day. Of two racing sign-ins
 * from one device, one claims the alert.
 */
export async function recordDeviceSignIn(signIn: DeviceSignIn, now = new Date()): Promise<{ alert: boolean }> {
  const db = await getDb();
  const where = { userId_deviceId: { userId: signIn.userId, deviceId: signIn.deviceId } };
  const row = await db.knownDevice.upsert({
    where,
    create: { ...signIn, firstSeenAt: now, lastSeenAt: now },
    update: { label: signIn.label, credentialVersion: signIn.credentialVersion, lastSessionId: signIn.lastSessionId, lastSeenAt: now },
  });
  await trimKnownDevices(signIn.userId, signIn.credentialVersion, row.id);
  if (row.confirmedAt && row.credentialVersion === signIn.credentialVersion) return { alert: false };
  const { count } = await db.knownDevice.updateMany({
    where: {
      id: row.id,
      confirmedAt: null,
      OR: [{ lastAlertAt: null }, { lastAlertAt: { lte: new Date(now.getTime() - alertIntervalMs) } }],
    },
    data: { lastAlertAt: now },
  });
  return { alert: count === 1 };
}

/** The device a registration (or another sign-in that needs no alert) happened on: known from the start. */
export async function confirmDeviceNow(signIn: Omit<DeviceSignIn, "lastSessionId">, now = new Date()): Promise<void> {
  const db = await getDb();
  const row = await db.knownDevice.upsert({
    where: { userId_deviceId: { userId: signIn.userId, deviceId: signIn.deviceId } },
    create: { ...signIn, firstSeenAt: now, lastSeenAt: now, confirmedAt: now },
    update: { label: signIn.label, credentialVersion: signIn.credentialVersion, lastSeenAt: now, confirmedAt: now },
  });
  await trimKnownDevices(signIn.userId, signIn.credentialVersion, row.id);
}

/** "Yes, that was me": the device is known; nothing else changes. */
export async function confirmKnownDevice(userId: string, deviceId: string): Promise<void> {
  const db = await getDb();
  await db.knownDevice.updateMany({ where: { userId, deviceId }, data: { confirmedAt: new Date() } });
}

/**
 * Forgotten (by its owner, or "This wasn't me"): its next sign-in alerts again.
 * Returns the public id of the session its latest sign-in created, if it was known.
 */
export async function forgetKnownDevice(userId: string, where: { id: string } | { deviceId: string }): Promise<string | null> {
  const db = await getDb();
  const found = await db.knownDevice.findFirst({ where: { userId, ...where }, select: { id: true, lastSessionId: true } });
  if (!found) return null;
  await db.knownDevice.deleteMany({ where: { id: found.id } });
  return found.lastSessionId;
}

/** After a credential change made in this browser: its device stays known under the new version. */
export async function carryKnownDevice(userId: string, deviceId: string, credentialVersion: number): Promise<void> {
  const db = await getDb();
  await db.knownDevice.updateMany({ where: { userId, deviceId }, data: { credentialVersion } });
}

/** The account's devices of its current credential version, most recently seen first. */
export async function listKnownDevices(userId: string, credentialVersion: number): Promise<KnownDevice[]> {
  const db = await getDb();
  return db.knownDevice.findMany({
    where: { userId, credentialVersion },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, deviceId: true, label: true, firstSeenAt: true, lastSeenAt: true, confirmedAt: true },
  });
}

/**
 * Drops rows of older credential versions, then keeps maxKnownDevices: the one just
 * written (so a sign-in is never forgotten before it is alerted), then confirmed
 * devices before unconfirmed ones, each most recently seen first. The table never
 * holds more than maxKnownDevices + 1 rows per account, so reading them all is cheap.
 */
async function trimKnownDevices(userId: string, credentialVersion: number, keepId: string): Promise<void> {
  const db = await getDb();
  await db.knownDevice.deleteMany({ where: { userId, credentialVersion: { not: credentialVersion } } });
  const rows = await db.knownDevice.findMany({ where: { userId }, select: { id: true, confirmedAt: true, lastSeenAt: true } });
  if (rows.length <= maxKnownDevices) return;
  const others = rows.filter((row) => row.id !== keepId);
  others.sort((a, b) => Number(!!b.confirmedAt) - Number(!!a.confirmedAt) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
  await db.knownDevice.deleteMany({ where: { id: { in: others.slice(maxKnownDevices - 1).map((row) => row.id) } } });
}

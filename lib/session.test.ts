import { afterEach, describe, expect, it, vi } from "vitest";
import { readDate } from "./plain-sql";
import {
  listSessions,
  purgeExpiredSessions,
  revokeSession,
  revokeSessionByPublicId,
  revokeUserSessions,
  validateSessionToken,
} from "./session";
import { prismaSessionStore } from "./session-store-prisma";
import { client, createTestSession, makeUser, readRow, readRows, setUserColumns } from "./test-helpers";
import { generateToken, hashToken } from "./token";
import { deleteUserRecord } from "./user-directory";

// Defaults from vitest.config.ts: 1 h idle, 14 d remember-me idle, 30 d absolute, renewal at half.
const hour = 60 * 60 * 1000;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("tokens", () => {
  it("are 256 random bits, URL-safe, and never repeat", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("are stored only as their SHA-256", async () => {
    const user = await makeUser();
    const { token, session } = await createTestSession(user.id, false);
    expect(session.id).toBe(hashToken(token));
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    const rows = await readRows("Session", { userId: user.id });
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(session.publicId).not.toBe(session.id);
  });
});

describe("validateSessionToken", () => {
  it("returns the session and user for a live token, without the password hash", async () => {
    const user = await makeUser();
    const { token } = await createTestSession(user.id, false);
    const result = await validateSessionToken(token, { renew: false });
    expect(result?.user.id).toBe(user.id);
    expect(result?.user).not.toHaveProperty("passwordHash");
    expect(result?.session.ipAddress).toBe(client.ipAddress);
  });

  it("refuses unknown tokens and deleted sessions", async () => {
    const user = await makeUser();
    const { token, session } = await createTestSession(user.id, false);
    expect(await validateSessionToken(generateToken(), { renew: true })).toBeNull();
    await revokeSession(session.id);
    expect(await validateSessionToken(token, { renew: true })).toBeNull();
  });

  it("refuses and deletes an idle-expired session", async () => {
    const user = await makeUser();
    const { token, session } = await createTestSession(user.id, false);
    vi.useFakeTimers({ now: Date.now() + hour + 1, toFake: ["Date"] });
    expect(await validateSessionToken(token, { renew: true })).toBeNull();
    expect(await readRow("Session", session.id)).toBeUndefined();
  });

  it("refuses a session past its absolute deadline however active it was", async () => {
    const user = await makeUser();
    const { token } = await createTestSession(user.id, true);
    const start = Date.now();
    // Active every 12 hours for 31 days: renewals keep the 14-day idle deadline ahead.
    for (let elapsed = 0; elapsed < 30 * 24 * hour; elapsed += 12 * hour) {
      vi.useFakeTimers({ now: start + elapsed, toFake: ["Date"] });
      expect(await validateSessionToken(token, { renew: true })).not.toBeNull();
    }
    vi.useFakeTimers({ now: start + 30 * 24 * hour, toFake: ["Date"] });
    expect(await validateSessionToken(token, { renew: true })).toBeNull();
  });

  it("renews only once half the idle timeout has passed, then writes once", async () => {
    const user = await makeUser();
    const { token, session } = await createTestSession(user.id, false);
    const extend = vi.spyOn(prismaSessionStore, "extend");

    vi.useFakeTimers({ now: session.createdAt.getTime() + hour / 2 - 1000, toFake: ["Date"] });
    expect((await validateSessionToken(token, { renew: true }))?.renewed).toBe(false);
    expect(extend).not.toHaveBeenCalled();

    const renewedAt = session.createdAt.getTime() + hour / 2;
    vi.useFakeTimers({ now: renewedAt, toFake: ["Date"] });
    const renewed = await validateSessionToken(token, { renew: true });
    expect(renewed?.renewed).toBe(true);
    expect(renewed?.session.idleExpiresAt.getTime()).toBe(renewedAt + hour);
    for (let i = 0; i < 20; i++) await validateSessionToken(token, { renew: true });
    expect(extend).toHaveBeenCalledTimes(1);

    const row = (await readRow("Session", session.id))!;
    expect(readDate(row.idleExpiresAt).getTime()).toBe(renewedAt + hour);
    expect(readDate(row.lastSeenAt).getTime()).toBe(renewedAt);
  });

  it("does not renew when asked not to", async () => {
    const user = await makeUser();
    const { token, session } = await createTestSession(user.id, false);
    vi.useFakeTimers({ now: session.createdAt.getTime() + 0.9 * hour, toFake: ["Date"] });
    expect((await validateSessionToken(token, { renew: false }))?.renewed).toBe(false);
  });

  it("never revives a session that a logout deleted while a renewal was in flight", async () => {
    const user = await makeUser();
    const { token, session } = await createTestSession(user.id, false);
    vi.useFakeTimers({ now: session.createdAt.getTime() + 0.75 * hour, toFake: ["Date"] });
    // The logout lands between the renewal's read and its write.
    const find = prismaSessionStore.findWithUser.bind(prismaSessionStore);
    vi.spyOn(prismaSessionStore, "findWithUser").mockImplementationOnce(async (id) => {
      const found = await find(id);
      await revokeSession(session.id);
      return found;
    });
    expect(await validateSessionToken(token, { renew: true })).toBeNull();
    expect(await readRow("Session", session.id)).toBeUndefined();
    expect(await validateSessionToken(token, { renew: true })).toBeNull();
  });

  it("refuses a session of a disabled account, even one the disabling missed", async () => {
    const user = await makeUser();
    const { token, session } = await createTestSession(user.id, false);
    // As if a sign-in raced the disable: the account is disabled, the record still there.
    await setUserColumns(user.id, { disabledAt: new Date() });
    expect(await validateSessionToken(token, { renew: false })).toBeNull();
    expect(await readRow("Session", session.id)).toBeUndefined();
  });

  it("fails closed with 503 when the store cannot be read", async () => {
    vi.spyOn(prismaSessionStore, "findWithUser").mockRejectedValueOnce(new Error("disk I/O error"));
    await expect(validateSessionToken(generateToken(), { renew: true })).rejects.toMatchObject({
      code: "service_unavailable",
      status: 503,
    });
  });
});

describe("managing a user's sessions", () => {
  it("lists live sessions, revokes one by public id only for its owner, and ends the others", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const a = await createTestSession(user.id, false);
    const b = await createTestSession(user.id, true);
    const c = await createTestSession(user.id, false);
    const theirs = await createTestSession(other.id, false);

    expect((await listSessions(user.id)).map((s) => s.id).sort()).toEqual([a, b, c].map((s) => s.session.id).sort());
    expect(await revokeSessionByPublicId(user.id, theirs.session.publicId)).toBeNull();
    expect(await validateSessionToken(theirs.token, { renew: false })).not.toBeNull();

    expect((await revokeSessionByPublicId(user.id, b.session.publicId))?.id).toBe(b.session.id);
    expect(await validateSessionToken(b.token, { renew: false })).toBeNull();

    expect(await revokeUserSessions(user.id, { except: a.session.id })).toBe(1);
    expect(await validateSessionToken(a.token, { renew: false })).not.toBeNull();
    expect(await validateSessionToken(c.token, { renew: false })).toBeNull();
    expect(await validateSessionToken(theirs.token, { renew: false })).not.toBeNull();
  });

  it("deletes a user's sessions along with the user", async () => {
    const user = await makeUser();
    const { token } = await createTestSession(user.id, false);
    await deleteUserRecord(user.id);
    expect(await validateSessionToken(token, { renew: false })).toBeNull();
  });

  it("purges expired sessions and keeps live ones", async () => {
    const user = await makeUser();
    const live = await createTestSession(user.id, true);
    const idle = await createTestSession(user.id, false);
    vi.useFakeTimers({ now: Date.now() + 2 * hour, toFake: ["Date"] });
    expect(await purgeExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(await readRow("Session", idle.session.id)).toBeUndefined();
    expect(await readRow("Session", live.session.id)).toBeDefined();
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfigForTest } from "./config";
import { reloadUserSessions, revokeSession, revokeUserSessions } from "./session";
import { sealSessionToken, validateSessionCookie } from "./session-cookie";
import { prismaSessionStore } from "./session-store-prisma";
import { createTestSession, makeUser } from "./test-helpers";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  loadConfigForTest(process.env);
});

async function signedIn(persistent = false) {
  const user = await makeUser();
  const { token, session } = await createTestSession(user.id, persistent);
  return { user, session, cookie: await sealSessionToken(token) };
}

describe("the cached store, through validateSessionCookie", () => {
  it("serves a repeat request from memory, without the store", async () => {
    const { cookie, user } = await signedIn();
    const find = vi.spyOn(prismaSessionStore, "findWithUser");
    expect((await validateSessionCookie(cookie, { renew: true }))?.user.id).toBe(user.id);
    for (let i = 0; i < 10; i++) expect(await validateSessionCookie(cookie, { renew: true })).not.toBeNull();
    expect(find).toHaveBeenCalledTimes(1);
  });

  it("forgets a session ended on this instance at once", async () => {
    const { cookie, session } = await signedIn();
    await validateSessionCookie(cookie, { renew: true });
    await revokeSession(session.id);
    expect(await validateSessionCookie(cookie, { renew: true })).toBeNull();
  });

  it("forgets every session of a user whose sessions or account changed", async () => {
    const { cookie, user } = await signedIn();
    await validateSessionCookie(cookie, { renew: true });
    await revokeUserSessions(user.id);
    expect(await validateSessionCookie(cookie, { renew: true })).toBeNull();

    const other = await signedIn();
    await validateSessionCookie(other.cookie, { renew: true });
    const find = vi.spyOn(prismaSessionStore, "findWithUser");
    await reloadUserSessions(other.user.id);
    await validateSessionCookie(other.cookie, { renew: true });
    expect(find).toHaveBeenCalledTimes(1);
  });

  it("sees a change made elsewhere (another instance) within the TTL", async () => {
    const { cookie, session } = await signedIn();
    const start = Date.now();
    vi.useFakeTimers({ now: start, toFake: ["Date"] });
    await validateSessionCookie(cookie, { renew: true });
    // Deleted behind this process's back, as another instance would.
    await prismaSessionStore.delete(session.id);
    vi.useFakeTimers({ now: start + 500, toFake: ["Date"] });
    expect(await validateSessionCookie(cookie, { renew: true })).not.toBeNull();
    vi.useFakeTimers({ now: start + 1000, toFake: ["Date"] });
    expect(await validateSessionCookie(cookie, { renew: true })).toBeNull();
  });

  it("still enforces deadlines and writes renewals for cached sessions", async () => {
    // Idle timeout 20 s (renewal after 10 s), entries trusted for 60 s: all of this runs from the cache.
    loadConfigForTest({ ...process.env, SESSION_CACHE_TTL: "60", SESSION_IDLE_TIMEOUT: "20" });
    const { cookie, session } = await signedIn();
    const start = session.createdAt.getTime();
    const at = (seconds: number) => vi.useFakeTimers({ now: start + seconds * 1000, toFake: ["Date"] });
    const find = vi.spyOn(prismaSessionStore, "findWithUser");
    const extend = vi.spyOn(prismaSessionStore, "extend");
    at(0);
    await validateSessionCookie(cookie, { renew: true });
    at(11);
    expect((await validateSessionCookie(cookie, { renew: true }))?.renewed).toBe(true);
    at(12);
    expect((await validateSessionCookie(cookie, { renew: true }))?.renewed).toBe(false);
    expect(extend).toHaveBeenCalledTimes(1);
    // The renewed deadline (11 + 20 = 31 s) passes while the entry is still fresh.
    at(45);
    expect(await validateSessionCookie(cookie, { renew: true })).toBeNull();
    expect(find).toHaveBeenCalledTimes(1);
  });

  it("lets concurrent requests with one cookie share one read and one renewal", async () => {
    loadConfigForTest({ ...process.env, SESSION_IDLE_TIMEOUT: "20" });
    const { cookie, session } = await signedIn();
    vi.useFakeTimers({ now: session.createdAt.getTime() + 11_000, toFake: ["Date"] });
    const find = vi.spyOn(prismaSessionStore, "findWithUser");
    const extend = vi.spyOn(prismaSessionStore, "extend");
    const results = await Promise.all(Array.from({ length: 20 }, () => validateSessionCookie(cookie, { renew: true })));
    expect(results.every((r) => r?.session.id === session.id)).toBe(true);
    expect(find).toHaveBeenCalledTimes(1);
    expect(extend).toHaveBeenCalledTimes(1);
  });

  it("writes one renewal when concurrent requests find a cached session due", async () => {
    loadConfigForTest({ ...process.env, SESSION_CACHE_TTL: "60", SESSION_IDLE_TIMEOUT: "20" });
    const { cookie, session } = await signedIn();
    vi.useFakeTimers({ now: session.createdAt.getTime(), toFake: ["Date"] });
    await validateSessionCookie(cookie, { renew: true });
    vi.useFakeTimers({ now: session.createdAt.getTime() + 11_000, toFake: ["Date"] });
    const extend = vi.spyOn(prismaSessionStore, "extend");
    const results = await Promise.all(Array.from({ length: 20 }, () => validateSessionCookie(cookie, { renew: true })));
    expect(results.every((r) => r?.session.id === session.id)).toBe(true);
    expect(extend).toHaveBeenCalledTimes(1);
    // The next request finds the renewed deadline in the cache: nothing to write.
    expect((await validateSessionCookie(cookie, { renew: true }))?.renewed).toBe(false);
    expect(extend).toHaveBeenCalledTimes(1);
  });

  it("neither caches nor shares a read that began before a logout", async () => {
    const { cookie, session } = await signedIn();
    // The store answers this read only after the logout has finished.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const original = prismaSessionStore.findWithUser.bind(prismaSessionStore);
    vi.spyOn(prismaSessionStore, "findWithUser").mockImplementationOnce(async (id) => {
      const found = await original(id);
      await released;
      return found;
    });
    const before = validateSessionCookie(cookie, { renew: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await revokeSession(session.id);
    // Arrives after the logout: must not join the read still in flight.
    expect(await validateSessionCookie(cookie, { renew: true })).toBeNull();
    release();
    expect(await before).not.toBeNull();
    // Nor may that read's result have been cached.
    expect(await validateSessionCookie(cookie, { renew: true })).toBeNull();
  });

  it("is off with SESSION_CACHE_TTL=0", async () => {
    loadConfigForTest({ ...process.env, SESSION_CACHE_TTL: "0" });
    const { cookie } = await signedIn();
    const find = vi.spyOn(prismaSessionStore, "findWithUser");
    await validateSessionCookie(cookie, { renew: false });
    await validateSessionCookie(cookie, { renew: false });
    expect(find).toHaveBeenCalledTimes(2);
  });
});

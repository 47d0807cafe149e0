import { afterEach, describe, expect, it, vi } from "vitest";
import { listSecurityEvents, recordSecurityEvent, type SecurityEventType } from "./security-events";
import { client, makeUser } from "./test-helpers";

describe("security activity", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lists events of one millisecond newest first, in the order they were recorded", async () => {
    const user = await makeUser();
    // One frozen clock: only the ids can tell these apart.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-04T05:06:07.089Z"));
    const types: SecurityEventType[] = ["login_succeeded", "name_changed", "password_changed", "logged_out", "login_failed", "throttled"];
    for (const type of types) await recordSecurityEvent(type, user.id, client);
    vi.useRealTimers();
    const { events } = await listSecurityEvents(user.id, { limit: 20 });
    expect(events.map((event) => event.type)).toEqual([...types].reverse());
    expect(new Set(events.map((event) => event.createdAt.toISOString()))).toEqual(new Set(["2026-03-04T05:06:07.089Z"]));
  });

  it("pages through events of one millisecond without losing or repeating one, and knows no other user's cursor", async () => {
    const user = await makeUser();
    const other = await makeUser();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-04T05:06:07.089Z"));
    for (let i = 0; i < 5; i++) await recordSecurityEvent("login_failed", user.id, client);
    await recordSecurityEvent("login_failed", other.id, client);
    vi.useRealTimers();
    const all = await listSecurityEvents(user.id, { limit: 20 });
    const first = await listSecurityEvents(user.id, { limit: 2 });
    const second = await listSecurityEvents(user.id, { limit: 2, cursor: first.nextCursor! });
    const third = await listSecurityEvents(user.id, { limit: 2, cursor: second.nextCursor! });
    expect([...first.events, ...second.events, ...third.events].map((event) => event.id)).toEqual(all.events.map((event) => event.id));
    expect(third.nextCursor).toBeNull();
    const theirs = (await listSecurityEvents(other.id, { limit: 1 })).events[0]!;
    expect(await listSecurityEvents(user.id, { limit: 20, cursor: theirs.id })).toEqual({ events: [], nextCursor: null });
  });
});

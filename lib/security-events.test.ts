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
});

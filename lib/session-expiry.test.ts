import { describe, expect, it } from "vitest";
import { expiresAt, type ExpiryPolicy, initialDeadlines, isExpired, renewedIdleDeadline } from "./session-expiry";

const policy: ExpiryPolicy = {
  idleTimeoutSeconds: 60,
  rememberIdleTimeoutSeconds: 600,
  absoluteTimeoutSeconds: 3600,
  renewalFraction: 0.5,
};
const t0 = new Date("2026-01-01T00:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("initialDeadlines", () => {
  it("uses the short idle timeout without remember me and the long one with it", () => {
    expect(initialDeadlines(policy, false, t0)).toEqual({ idleExpiresAt: at(60), absoluteExpiresAt: at(3600) });
    expect(initialDeadlines(policy, true, t0)).toEqual({ idleExpiresAt: at(600), absoluteExpiresAt: at(3600) });
  });

  it("never lets the idle deadline pass the absolute one", () => {
    const short = { ...policy, absoluteTimeoutSeconds: 30 };
    expect(initialDeadlines(short, false, t0).idleExpiresAt).toEqual(at(30));
  });

  it("keeps a replacing session within the deadline of the one it replaces", () => {
    expect(initialDeadlines(policy, false, t0, at(45))).toEqual({ idleExpiresAt: at(45), absoluteExpiresAt: at(45) });
    expect(initialDeadlines(policy, false, t0, at(7200)).absoluteExpiresAt).toEqual(at(3600));
  });
});

describe("isExpired and expiresAt", () => {
  const deadlines = { idleExpiresAt: at(60), absoluteExpiresAt: at(3600) };

  it("ends at the sooner deadline, exactly at it", () => {
    expect(expiresAt(deadlines)).toEqual(at(60));
    expect(isExpired(deadlines, at(59.999))).toBe(false);
    expect(isExpired(deadlines, at(60))).toBe(true);
  });

  it("ends at the absolute deadline however recent the activity", () => {
    expect(isExpired({ idleExpiresAt: at(3599), absoluteExpiresAt: at(3600) }, at(3600))).toBe(true);
  });
});

describe("renewedIdleDeadline", () => {
  const session = { idleExpiresAt: at(60), absoluteExpiresAt: at(3600), persistent: false };

  it("does not renew before the renewal fraction of the idle timeout has passed", () => {
    expect(renewedIdleDeadline(policy, session, at(0))).toBeNull();
    expect(renewedIdleDeadline(policy, session, at(29))).toBeNull();
  });

  it("renews to a full idle timeout from now once the fraction has passed", () => {
    expect(renewedIdleDeadline(policy, session, at(30))).toEqual(at(90));
    expect(renewedIdleDeadline(policy, session, at(59))).toEqual(at(119));
  });

  it("renews at most once per interval under steady traffic", () => {
    let current = { ...session };
    let writes = 0;
    for (let second = 0; second < 300; second++) {
      const renewed = renewedIdleDeadline(policy, current, at(second));
      if (renewed) {
        writes++;
        current = { ...current, idleExpiresAt: renewed };
      }
    }
    // One renewal every 30 s (half of the 60 s idle timeout): at 30, 60, ..., 270.
    expect(writes).toBe(9);
  });

  it("never renews an expired session or past the absolute deadline", () => {
    expect(renewedIdleDeadline(policy, session, at(60))).toBeNull();
    const nearEnd = { idleExpiresAt: at(3590), absoluteExpiresAt: at(3600), persistent: false };
    expect(renewedIdleDeadline(policy, nearEnd, at(3560))).toEqual(at(3600));
    const capped = { idleExpiresAt: at(3600), absoluteExpiresAt: at(3600), persistent: false };
    expect(renewedIdleDeadline(policy, capped, at(3580))).toBeNull();
  });

  it("uses the remember-me idle timeout for persistent sessions", () => {
    const persistent = { idleExpiresAt: at(600), absoluteExpiresAt: at(3600), persistent: true };
    expect(renewedIdleDeadline(policy, persistent, at(299))).toBeNull();
    expect(renewedIdleDeadline(policy, persistent, at(300))).toEqual(at(900));
  });

  it("renews on every request when the fraction is tiny, and only at the end when it is 1", () => {
    const eager = { ...policy, renewalFraction: 0.01 };
    expect(renewedIdleDeadline(eager, session, at(1))).toEqual(at(61));
    const lazy = { ...policy, renewalFraction: 1 };
    expect(renewedIdleDeadline(lazy, session, at(59))).toBeNull();
  });
});

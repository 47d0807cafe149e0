import { describe, expect, it } from "vitest";
import { accountDelaySeconds, assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "./rate-limit";
import { uniqueEmail } from "./test-helpers";

describe("accountDelaySeconds", () => {
  it("is free for the first failures, then doubles up to 15 minutes", () => {
    expect([0, 4].map((n) => accountDelaySeconds(n, 5))).toEqual([0, 0]);
    expect([5, 6, 7, 8].map((n) => accountDelaySeconds(n, 5))).toEqual([1, 2, 4, 8]);
    expect(accountDelaySeconds(30, 5)).toBe(900);
    expect(accountDelaySeconds(99, 5)).toBe(900);
  });
});

describe("per-account throttling", () => {
  it("blocks an account after the free failures whatever the address, and a success clears it", async () => {
    const email = uniqueEmail();
    for (let i = 0; i < 5; i++) {
      await assertLoginAllowed(email, `198.51.100.${i}`);
      await recordLoginFailure(email);
    }
    await expect(assertLoginAllowed(email, "203.0.113.99")).rejects.toMatchObject({
      code: "rate_limited",
      status: 429,
      headers: { "Retry-After": "1" },
    });
    await recordLoginSuccess(email);
    await expect(assertLoginAllowed(email, "203.0.113.99")).resolves.toEqual({ previousFailures: 0 });
  });

  it("keeps accounts apart", async () => {
    const blocked = uniqueEmail();
    for (let i = 0; i < 5; i++) await recordLoginFailure(blocked);
    await expect(assertLoginAllowed(blocked, null)).rejects.toMatchObject({ code: "rate_limited" });
    await expect(assertLoginAllowed(uniqueEmail(), null)).resolves.toEqual({ previousFailures: 0 });
  });
});

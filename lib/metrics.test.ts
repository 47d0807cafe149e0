import { afterEach, describe, expect, it, vi } from "vitest";
import { invalidCredentials, invalidCode, serviceUnavailable, signInExpired } from "./errors";
import { readHashingQueueLoad, runInHashingTurn } from "./hashing-queue";
import { countSignIn } from "./metric-counts";
import { renderMetrics, type ScrapeReadings, timeSessionStore } from "./metrics";
import { countRefusals } from "./rate-limit";
import { RateLimitedError } from "./rate-limiters";
import { validateSessionCookie } from "./session-cookie";
import { sealSessionToken } from "./session-cookie";
import type { SessionStore } from "./session-store";
import { prismaSessionStore } from "./session-store-prisma";
import { createTestSession, makeUser } from "./test-helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

const idle: ScrapeReadings = { activeSessions: 0, hashingQueue: { running: 0, waiting: 0 } };

/** The value of one sample in the Prometheus text, 0 when absent (as Prometheus reads a counter not yet seen). */
async function sample(name: string, labels = "", readings = idle): Promise<number> {
  const text = await renderMetrics(readings);
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line ? Number(line.split(" ").pop()) : 0;
}

/** How much `work` moved each named sample. */
async function delta(samples: [string, string?][], work: () => Promise<unknown>): Promise<number[]> {
  const before = await Promise.all(samples.map(([name, labels]) => sample(name, labels)));
  await work();
  const after = await Promise.all(samples.map(([name, labels]) => sample(name, labels)));
  return after.map((value, i) => value - before[i]!);
}

describe("sign-in outcomes", () => {
  it("counts each step by how it ended, success named by the caller", async () => {
    const outcome = (o: string) => ["session_auth_sign_ins_total", `outcome="${o}"`] as [string, string];
    const moved = await delta(
      [outcome("success"), outcome("second_factor_required"), outcome("wrong_credentials"), outcome("wrong_code")],
      async () => {
        await countSignIn(Promise.resolve({}));
        await countSignIn(Promise.resolve({ secondFactorRequired: true }), () => "second_factor_required");
        await expect(countSignIn(Promise.reject(invalidCredentials()))).rejects.toMatchObject({ code: "invalid_credentials" });
        await expect(countSignIn(Promise.reject(invalidCredentials()))).rejects.toThrow();
        await expect(countSignIn(Promise.reject(invalidCode()))).rejects.toThrow();
      },
    );
    expect(moved).toEqual([1, 1, 2, 1]);
  });

  it("maps expiry, throttling, an unavailable store and a bug to their own outcomes", async () => {
    const names = ["expired", "throttled", "unavailable", "error"];
    const moved = await delta(
      names.map((o) => ["session_auth_sign_ins_total", `outcome="${o}"`]),
      async () => {
        for (const error of [signInExpired(), new RateLimitedError(5, "account"), serviceUnavailable(), new TypeError("bug")]) {
          await expect(countSignIn(Promise.reject(error))).rejects.toBe(error);
        }
      },
    );
    expect(moved).toEqual([1, 1, 1, 1]);
  });
});

describe("throttled attempts", () => {
  it("counts refusals by a limit under their flow and scope, and nothing else", async () => {
    const moved = await delta(
      [
        ["session_auth_throttled_total", 'flow="password",scope="global"'],
        ["session_auth_throttled_total", 'flow="registration",scope="address"'],
      ],
      async () => {
        await expect(countRefusals("password", Promise.reject(new RateLimitedError(1, "global")))).rejects.toThrow();
        await expect(countRefusals("registration", Promise.reject(invalidCredentials()))).rejects.toThrow();
        await countRefusals("registration", Promise.resolve());
      },
    );
    expect(moved).toEqual([1, 0]);
  });

  it("shows every flow's scopes from the start, at zero, so rate() works from the first refusal", async () => {
    const text = await renderMetrics(idle);
    expect(text).toMatch(/^session_auth_throttled_total\{flow="second_factor",scope="account"\} \d+$/m);
    expect(text).toMatch(/^session_auth_throttled_total\{flow="account_link",scope="address"\} \d+$/m);
  });
});

describe("session cache and store", () => {
  it("counts a first validation as a miss and a repeat as a hit, and times the store's read", async () => {
    const user = await makeUser();
    const { token } = await createTestSession(user.id);
    const cookie = await sealSessionToken(token);
    const moved = await delta(
      [
        ["session_auth_session_cache_lookups_total", 'result="miss"'],
        ["session_auth_session_cache_lookups_total", 'result="hit"'],
        ["session_auth_session_store_duration_seconds_count", 'op="findWithUser"'],
      ],
      async () => {
        expect(await validateSessionCookie(cookie, { renew: false })).not.toBeNull();
        expect(await validateSessionCookie(cookie, { renew: false })).not.toBeNull();
      },
    );
    expect(moved).toEqual([1, 1, 1]);
  });

  it("times each operation under its name and calls the store's method as it is at call time", async () => {
    const store = { ...prismaSessionStore } as SessionStore;
    const timed = timeSessionStore(store);
    store.countActive = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 42;
    };
    const [count, sum] = await delta(
      [
        ["session_auth_session_store_duration_seconds_count", 'op="countActive"'],
        ["session_auth_session_store_duration_seconds_sum", 'op="countActive"'],
      ],
      async () => expect(await timed.countActive(new Date())).toBe(42),
    );
    expect(count).toBe(1);
    expect(sum).toBeGreaterThanOrEqual(0.015);
  });

  it("times a failing operation too, and lets the error through", async () => {
    const failing = timeSessionStore({ ...prismaSessionStore, delete: () => Promise.reject(new Error("disk I/O error")) });
    const [count] = await delta([["session_auth_session_store_duration_seconds_count", 'op="delete"']], async () => {
      await expect(failing.delete("x")).rejects.toThrow("disk I/O error");
    });
    expect(count).toBe(1);
  });
});

describe("hashing line", () => {
  it("shows a running task while it runs and records the wait of every turn", async () => {
    let release!: () => void;
    const [waits] = await delta([["session_auth_hashing_queue_wait_seconds_count"]], async () => {
      const task = runInHashingTurn({}, () => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setImmediate(resolve));
      expect(readHashingQueueLoad()).toEqual({ running: 1, waiting: 0 });
      release();
      await task;
    });
    expect(waits).toBe(1);
    expect(readHashingQueueLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it("renders the readings it is given: the line's tasks and the store's count, NaN when the store did not answer", async () => {
    const busy = { activeSessions: 7, hashingQueue: { running: 4, waiting: 3 } };
    expect(await sample("session_auth_hashing_queue_tasks", 'state="running"', busy)).toBe(4);
    expect(await sample("session_auth_hashing_queue_tasks", 'state="waiting"', busy)).toBe(3);
    expect(await sample("session_auth_active_sessions", "", busy)).toBe(7);
    expect(await sample("session_auth_active_sessions", "", { ...busy, activeSessions: null })).toBeNaN();
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { checkCredentials, verifyCredentials } from "./auth";
import { getConfig } from "./config";
import { refuseAtDoor, runInHashingTurn } from "./hashing-queue";
import { hashingThreads, hashingTurnsPerThread } from "./load-shaping.mjs";
import { client, makeUser, readRows } from "./test-helpers";

const password = "a perfectly long passphrase";
const tick = () => new Promise((resolve) => setImmediate(resolve));

const running = hashingTurnsPerThread * hashingThreads;
const capacity = () => (hashingTurnsPerThread + getConfig().hashQueuePerThread) * hashingThreads;

/** Takes `count` places in the hashing line with tasks that hold them until released. */
const gates: Array<() => void> = [];
function occupy(count: number) {
  const started: number[] = [];
  const outcomes = Array.from({ length: count }, (_, i) =>
    runInHashingTurn({}, async () => {
      started.push(i);
      await new Promise<void>((resolve) => gates.push(resolve));
    }).then(
      () => "served",
      (error) => error,
    ),
  );
  return { started, outcomes };
}

async function releaseAll() {
  while (gates.length > 0) {
    for (const open of gates.splice(0)) open();
    await tick();
  }
}

afterEach(releaseAll);

const failedSignIns = async (userId: string) => (await readRows("SecurityEvent", { userId, type: "login_failed" })).length;

describe("the hashing line of sign-ins", () => {
  it("refuses a sign-in past running + waiting at once with 503 and Retry-After, before any database work", async () => {
    const user = await makeUser(password);
    occupy(capacity());
    await tick();
    await expect(verifyCredentials({ email: user.email, password: "a wrong password" }, client)).rejects.toMatchObject({
      status: 503,
      code: "service_unavailable",
      headers: { "Retry-After": "2" },
    });
    expect(await failedSignIns(user.id)).toBe(0);
  });

  it("serves a known device first, in the place of the newest ordinary waiter", async () => {
    const user = await makeUser(password);
    const { started, outcomes } = occupy(capacity());
    await tick();
    const known = checkCredentials({ email: user.email, password }, client, { knownDevice: true });
    // The newest waiter gets the refusal the known device would have had.
    expect(await outcomes.at(-1)).toMatchObject({ status: 503 });
    // One running task ends: the next turn is the known device's (in last place, it would
    // wait for gates nobody opens), and only after it the oldest waiter's.
    gates.shift()!();
    expect((await known).user.id).toBe(user.id);
    expect(started).toEqual([...Array(running + 1).keys()]);
  });

  it("drops a sign-in whose client has gone while it waited: never checked, never counted", async () => {
    const user = await makeUser(password);
    const { started } = occupy(running);
    await tick();
    const connection = new AbortController();
    const waiting = checkCredentials({ email: user.email, password: "a wrong password" }, { ...client, signal: connection.signal });
    connection.abort();
    await expect(waiting).rejects.toMatchObject({ status: 503, code: "service_unavailable" });
    await releaseAll();
    expect(started).toHaveLength(running);
    expect(await failedSignIns(user.id)).toBe(0);
    // Without a gone client the same wrong password is checked and counted.
    await expect(verifyCredentials({ email: user.email, password: "a wrong password" }, client)).rejects.toMatchObject({ status: 401 });
    expect(await failedSignIns(user.id)).toBe(1);
  });
});

describe("refuseAtDoor", () => {
  it("answers the line's 503 for cookieless API sign-ins and registrations while the line is full, and nothing else", async () => {
    occupy(capacity() - 1);
    await tick();
    expect(refuseAtDoor("POST", "/api/auth/login", undefined)).toBeNull();
    occupy(1);
    await tick();
    const refusal = refuseAtDoor("POST", "/api/auth/login?x=1", undefined)!;
    expect(refusal.status).toBe(503);
    expect(refusal.headers).toMatchObject({
      "Retry-After": "2",
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    expect(JSON.parse(refusal.body)).toEqual({
      error: { code: "service_unavailable", message: "The server is busy checking passwords right now. Try again in a few seconds." },
    });
    expect(refuseAtDoor("POST", "/api/auth/register", undefined)?.status).toBe(503);
    // A request with cookies (a device cookie may put it first) and other paths go to the app.
    expect(refuseAtDoor("POST", "/api/auth/login", "device=abc")).toBeNull();
    expect(refuseAtDoor("POST", "/api/auth/logout", undefined)).toBeNull();
    expect(refuseAtDoor("GET", "/api/auth/login", undefined)).toBeNull();
    await releaseAll();
    expect(refuseAtDoor("POST", "/api/auth/login", undefined)).toBeNull();
  });
});

import { getConfig } from "./config";
import { type BoundedQueue, createBoundedQueue } from "./concurrency";
import { clientGone, hashingBusy } from "./errors";
import { recordHashingRefused, recordSignIn } from "./metric-counts";
import { observeHashingWait } from "./metrics";
import { strictTransportSecurity } from "./request";
import { hashingThreads, hashingTurnsPerThread } from "./load-shaping.mjs";
import type { ClientInfo } from "./security-events";

// The one line that every bcrypt operation a request causes waits in: registration,
// every password check (sign-in, re-authentication, confirmations) and the hash of a
// new password (change, reset). How many run and why: lib/load-shaping.mjs.

/**
 * A refused request may try again once the line has moved on: with two hashes per
 * thread running and HASH_QUEUE_PER_THREAD waiting, that takes about two seconds at
 * the default cost.
 */
export const hashingBusyRetryAfterSeconds = 2;

const globalForQueue = globalThis as unknown as { hashingQueue?: BoundedQueue };

/** A short line behind the running turns, and past it a refusal at once: a flood gets fast 503s, not answers a minute late. */
function hashingQueue(): BoundedQueue {
  globalForQueue.hashingQueue ??= createBoundedQueue({
    running: hashingTurnsPerThread * hashingThreads,
    waiting: getConfig().hashQueuePerThread * hashingThreads,
  });
  return globalForQueue.hashingQueue;
}

/**
 * Runs `task` (its database work and its hashing) in its turn; 503 at once when the line is full.
 * `knownDevice`: a browser that signed in to this account before, served before everyone else.
 * The turn is given up, before any work is done, when the client's signal says it has gone.
 */
export async function runInHashingTurn<T>(
  client: Pick<ClientInfo, "signal">,
  task: () => Promise<T>,
  options: { knownDevice?: boolean } = {},
): Promise<T> {
  const queuedAt = performance.now();
  const timedTask = () => {
    observeHashingWait(performance.now() - queuedAt);
    return task();
  };
  try {
    return await hashingQueue()(timedTask, { priority: options.knownDevice, signal: client.signal });
  } catch (error) {
    // By name, not instanceof: the one queue of the process was made by whichever bundle
    // (route handlers, server actions) came first, with that bundle's copy of the classes.
    const name = error instanceof Error ? error.name : "";
    if (name === "QueueFullError") {
      recordHashingRefused();
      throw hashingBusy(hashingBusyRetryAfterSeconds);
    }
    if (name === "TaskAbandonedError") throw clientGone();
    throw error;
  }
}

/** Tasks running and waiting in the line now (none before the first password check). */
export function readHashingQueueLoad(): { running: number; waiting: number } {
  return globalForQueue.hashingQueue?.load() ?? { running: 0, waiting: 0 };
}

/** The API paths whose every request takes a turn in the line: refused at the door when it is full. */
const doorPaths = new Set(["/api/auth/login", "/api/auth/register"]);

export type DoorRefusal = { status: number; headers: Record<string, string>; body: string };

/**
 * Asked by server.mjs before it hands a request to Next: when the line is full, a sign-in
 * or registration through the API gets the line's own 503 without Next's routing, which
 * costs a millisecond or more of the event loop, times a thousand in a flood; the flood
 * is then answered in a fraction of the time, and the requests behind it get in sooner.
 * Only requests without cookies: one carrying a cookie (a device cookie may put it first
 * in line) is judged by the app, as every request was before; a flood that adds a cookie
 * gains nothing but the longer way in.
 */
export function refuseAtDoor(method: string, url: string, cookie: string | undefined): DoorRefusal | null {
  if (method !== "POST" || cookie || !doorPaths.has(url.split("?")[0]!)) return null;
  if (!globalForQueue.hashingQueue?.isFull()) return null;
  // Counted as the app would have counted it, had the request reached it.
  recordHashingRefused();
  if (url.startsWith("/api/auth/login")) recordSignIn("unavailable");
  const refusal = hashingBusy(hashingBusyRetryAfterSeconds);
  const hsts = strictTransportSecurity();
  return {
    status: refusal.status,
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      // What next.config.js would have added: the door answers before Next does.
      "X-Content-Type-Options": "nosniff",
      ...refusal.headers,
      ...(hsts ? { "Strict-Transport-Security": hsts } : {}),
    },
    body: JSON.stringify({ error: { code: refusal.code, message: refusal.message } }),
  };
}

// server.mjs cannot import this module; it finds the door here once any route has loaded it.
(globalThis as unknown as { sessionAuthRefuseAtDoor?: typeof refuseAtDoor }).sessionAuthRefuseAtDoor = refuseAtDoor;

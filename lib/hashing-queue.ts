import { getConfig } from "./config";
import { type BoundedQueue, createBoundedQueue } from "./concurrency";
import { clientGone, hashingBusy } from "./errors";
import { hashingThreads } from "./password";

// The one line that every bcrypt operation a request causes waits in: registration,
// every password check (sign-in, re-authentication, confirmations) and the hash of a
// new password (change, reset).

export type HashingTurnOptions = {
  /** A browser that signed in to this account before: served before everyone else. */
  knownDevice?: boolean;
  /** Aborted when the client has gone: its turn is given up before any work is done. */
  signal?: AbortSignal;
};

/**
 * A refused request may try again once the line has moved on: with two hashes per
 * thread running and HASH_QUEUE_PER_THREAD waiting, that takes about two seconds at
 * the default cost.
 */
export const hashingBusyRetryAfterSeconds = 2;

const globalForQueue = globalThis as unknown as { hashingQueue?: BoundedQueue };

/**
 * Two running per hashing thread: enough for the next ones to do their queries while
 * the threads hash. Twenty arriving at once would otherwise all run their database
 * work on the event loop together (Prisma plans every query there) and hold up every
 * other request, only to queue for a hashing thread anyway. A short line behind
 * them, and past it a refusal at once: a flood gets fast 503s, not answers a minute late.
 */
function hashingQueue(): BoundedQueue {
  globalForQueue.hashingQueue ??= createBoundedQueue({
    running: 2 * hashingThreads,
    waiting: getConfig().hashQueuePerThread * hashingThreads,
  });
  return globalForQueue.hashingQueue;
}

/** Runs `task` (its database work and its hashing) in its turn; 503 at once when the line is full. */
export async function queueForHashing<T>(task: () => Promise<T>, options: HashingTurnOptions = {}): Promise<T> {
  try {
    return await hashingQueue()(task, { priority: options.knownDevice, signal: options.signal });
  } catch (error) {
    // By name, not instanceof: the one queue of the process was made by whichever bundle
    // (route handlers, server actions) came first, with that bundle's copy of the classes.
    const name = error instanceof Error ? error.name : "";
    if (name === "QueueFullError") throw hashingBusy(hashingBusyRetryAfterSeconds);
    if (name === "TaskAbandonedError") throw clientGone();
    throw error;
  }
}

// How the server stays responsive on a small machine: every setting that holds work back so the
// requests around it are answered on time. Each says what it protects and what `npm run bench`
// measured without it (docs/performance.md). Plain JavaScript, because server.mjs, the hashing
// threads and Node's own command line read it as well as the app.
import os from "node:os";

/**
 * Node flags of the server (`npm start` in package.json and the Dockerfile's CMD repeat them, held
 * to them by scripts/compose.test.ts; the test servers and the benchmarks read them here).
 * --v8-pool-size=1: V8 marks the heap for a full
 * garbage collection on helper threads, four by default; on two cores four markers took both
 * cores for the 100–250 ms of each collection, and every request arriving then waited. Without
 * it, storm p99 was 78 ms instead of 20 and the slowest request 138 ms instead of 42; target 4
 * was met in three runs of seven. One helper marks the same heap in a quarter of the CPU time.
 */
export const serverNodeFlags = ["--v8-pool-size=1"];

/**
 * Requests that change something (sign-ins among them) enter Next at most this many per turn of
 * the event loop, the rest on the following turns; reads are never held back (server.mjs).
 * Protects the reads that arrive with a burst: twenty sign-ins arriving together were all
 * routed and parsed in one go. With the hashing turns below, the event-loop delay at a storm's
 * onset went from 50–75 ms to 11–18 ms, what an idle second shows.
 */
export const changesAdmittedPerTurn = 2;

/** One hashing thread per core: bcrypt can use every core (target 3, sign-ins per second). */
export const hashingThreads = os.availableParallelism();

/**
 * Password checks and registrations that run at once, per hashing thread; the rest wait in the
 * bounded line (HASH_QUEUE_PER_THREAD per thread, then 503 at once: lib/hashing-queue.ts). Two,
 * so the next one's queries overlap the hash: with one, each thread sat idle meanwhile and
 * sign-ins fell to 1.75 times one core (target 1.8). More would only run their database work on
 * the event loop together, holding every other request, to queue for a thread anyway.
 */
export const hashingTurnsPerThread = 2;

/**
 * The hashing threads' scheduling. They run under Linux's SCHED_IDLE (workers/password-hash.mjs,
 * with util-linux's chrt): they get only the CPU time nothing else wants. The nice level is what
 * remains where chrt or /proc is missing; alone, it let a hash finish its time slice before the
 * thread serving requests got a core back, milliseconds on every request while two cores hash.
 */
export const hashingThreadScheduling = { idle: true, niceIncrement: 10 };

/**
 * Prisma's SQLite queries hop through the event loop after each one (lib/db.ts): better-sqlite3
 * answers synchronously, so without it the dozen queries of a sign-in ran as one chain of
 * microtasks, and twenty sign-ins at once kept the event loop from reading a new request for a
 * quarter of a second. The plain statements (lib/plain-sql.ts) take tens of microseconds and
 * need no hop.
 */
export const sqliteYieldsAfterEachQuery = true;

/**
 * Expired sessions are deleted this many at a time, with a yield between batches (lib/session.ts
 * purgeExpiredSessions), so a large backlog never holds the database or the event loop for long.
 * The benchmark does not measure it: its stores hold no expired sessions.
 */
export const purgeBatchSize = 500;

/** Lets whatever waits on the event loop (new requests, their reads) run before going on. */
export function yieldToEventLoop() {
  return new Promise((resolve) => setImmediate(resolve));
}

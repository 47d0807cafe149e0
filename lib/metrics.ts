import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { readCounts, signInOutcomes } from "./metric-counts";
import type { SessionStore } from "./session-store";

// What an operator's Prometheus reads at GET /api/metrics (docs/metrics.md): prom-client's
// registry, every metric's name and help, and the text of a scrape. Counts are plain
// numbers kept by lib/metric-counts.ts (the hot path bumps them) and copied in at each
// scrape. Durations go straight into the histograms here: they are observed beside a
// store round trip or a hashing turn, which dwarf the observation.

type StoreOperation = keyof SessionStore;
const storeOperations = [
  "create",
  "findWithUser",
  "extend",
  "delete",
  "deleteByPublicId",
  "deleteAllForUser",
  "listForUser",
  "trimForUser",
  "deleteExpired",
  "countActive",
  "forgetUser",
] as const satisfies readonly StoreOperation[];
// Every operation of the interface is timed: a new one fails the typecheck here until it is listed.
const everyOperationListed: Exclude<StoreOperation, (typeof storeOperations)[number]> extends never ? true : never = true;
void everyOperationListed;

type Sample = [labels: Record<string, string>, count: number];

type Metrics = {
  registry: Registry;
  activeSessions: Gauge;
  hashingTasks: Gauge;
  hashingWait: Histogram;
  storeDuration: Histogram;
  defaultMetricsStarted: boolean;
};

// One registry per process: Next bundles proxy.ts, pages and route handlers apart, each
// with its own copy of this module (and of prom-client).
const shared = globalThis as unknown as { sessionAuthMetrics?: Metrics };

function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const counts = readCounts();
  // Counters that show the plain counts, copied in at each scrape.
  const counter = (name: string, help: string, labelNames: string[], read: () => Sample[]) =>
    new Counter({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const [labels, count] of read()) this.inc(labels, count);
      },
    });
  counter("session_auth_sign_ins_total", "Sign-in steps (password, then second factor) by how they ended.", ["outcome"], () =>
    signInOutcomes.map((outcome) => [{ outcome }, counts.signIns[outcome]]),
  );
  counter("session_auth_throttled_total", "Attempts refused by a rate limit or lock, by check (flow) and scope.", ["flow", "scope"], () =>
    Object.entries(counts.throttled).flatMap(([flow, scopes]) =>
      Object.entries(scopes).map(([scope, count]): Sample => [{ flow, scope }, count]),
    ),
  );
  counter("session_auth_session_cache_lookups_total", "Validations that looked in this process's session cache.", ["result"], () => [
    [{ result: "hit" }, counts.cache.hit],
    [{ result: "miss" }, counts.cache.miss],
  ]);
  counter("session_auth_hashing_queue_refused_total", "Requests refused at once (503): the hashing line was full.", [], () => [
    [{}, counts.hashingRefused],
  ]);
  return {
    registry,
    activeSessions: new Gauge({
      name: "session_auth_active_sessions",
      help: "Sessions in the store not yet past a deadline, across all users and instances (NaN: the store did not answer).",
      registers,
    }),
    hashingTasks: new Gauge({
      name: "session_auth_hashing_queue_tasks",
      help: "Tasks in this process's hashing line, by state (running or waiting).",
      labelNames: ["state"],
      registers,
    }),
    hashingWait: new Histogram({
      name: "session_auth_hashing_queue_wait_seconds",
      help: "Time a password check or registration waited for its turn in the hashing line.",
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    }),
    storeDuration: new Histogram({
      name: "session_auth_session_store_duration_seconds",
      help: "Duration of session store operations, by operation.",
      labelNames: ["op"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    defaultMetricsStarted: false,
  };
}

function metrics(): Metrics {
  shared.sessionAuthMetrics ??= createMetrics();
  return shared.sessionAuthMetrics;
}

/** `waitedMs`: from performance.now() differences. */
export function observeHashingWait(waitedMs: number): void {
  metrics().hashingWait.observe(waitedMs / 1000);
}

/**
 * The store with every operation timed. Each call goes to `store[op]` as it is at call
 * time (tests replace methods with spies); the labelled children are bound once here.
 */
export function timeSessionStore(store: SessionStore): SessionStore {
  const timed = storeOperations.map((op) => {
    const histogram = metrics().storeDuration.labels({ op });
    return [
      op,
      async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await (store[op] as (...args: unknown[]) => Promise<unknown>).apply(store, args);
        } finally {
          histogram.observe((performance.now() - started) / 1000);
        }
      },
    ];
  });
  return Object.fromEntries(timed) as SessionStore;
}

/** What only a scrape reads: the store's count and this process's hashing line, read by the caller. */
export type ScrapeReadings = { activeSessions: number | null; hashingQueue: { running: number; waiting: number } };

export const metricsContentType = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * The Prometheus text of every metric. Node's default metrics (memory, CPU, event-loop
 * lag) start with the first scrape: their event-loop monitor is not run for an
 * instance nobody scrapes.
 */
export async function renderMetrics(readings: ScrapeReadings): Promise<string> {
  const m = metrics();
  if (!m.defaultMetricsStarted) {
    collectDefaultMetrics({ register: m.registry });
    m.defaultMetricsStarted = true;
  }
  m.activeSessions.set(readings.activeSessions ?? NaN);
  m.hashingTasks.set({ state: "running" }, readings.hashingQueue.running);
  m.hashingTasks.set({ state: "waiting" }, readings.hashingQueue.waiting);
  return m.registry.metrics();
}

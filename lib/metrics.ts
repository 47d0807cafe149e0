import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { LimitScope } from "./rate-limiters";
import type { SessionStore } from "./session-store";

// What an operator's Prometheus reads at GET /api/metrics (docs/metrics.md). Counts
// live in plain numbers that the code paths bump (a `+=`, nothing allocated: session
// validation is the hot path; prom-client's labelled inc() builds a label hash each
// time) and are copied into prom-client's counters at each scrape. Durations go
// straight into prom-client histograms: they are observed beside a store round trip
// or a hashing turn, which dwarf the observation.

export const signInOutcomes = [
  "success",
  "second_factor_required",
  "wrong_credentials",
  "wrong_code",
  "expired",
  "throttled",
  "unavailable",
  "error",
] as const;
export type SignInOutcome = (typeof signInOutcomes)[number];

/** The checks the limits guard, and the scopes each one's limits have (lib/rate-limit.ts). */
const throttledFlows = {
  password: ["account", "address", "global"],
  second_factor: ["account"],
  registration: ["address"],
  account_link: ["address"],
  account_mail: ["account"],
  passkey_options: ["address"],
} as const satisfies Record<string, readonly LimitScope[]>;
export type ThrottledFlow = keyof typeof throttledFlows;

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

type Counts = {
  signIns: Record<SignInOutcome, number>;
  throttled: Record<ThrottledFlow, Partial<Record<LimitScope, number>>>;
  cache: { hit: number; miss: number };
  hashingRefused: number;
};

type Sample = [labels: Record<string, string>, count: number];

type Metrics = {
  registry: Registry;
  counts: Counts;
  activeSessions: Gauge;
  hashingTasks: Gauge;
  hashingWait: Histogram;
  storeDuration: Histogram;
  defaultMetricsStarted: boolean;
};

// One registry and one set of counts per process: Next bundles proxy.ts, pages and route
// handlers apart, each with its own copy of this module (and of prom-client).
const shared = globalThis as unknown as { sessionAuthMetrics?: Metrics };

function createMetrics(): Metrics {
  const registry = new Registry();
  const counts: Counts = {
    signIns: Object.fromEntries(signInOutcomes.map((outcome) => [outcome, 0])) as Counts["signIns"],
    throttled: Object.fromEntries(
      Object.entries(throttledFlows).map(([flow, scopes]) => [flow, Object.fromEntries(scopes.map((scope) => [scope, 0]))]),
    ) as Counts["throttled"],
    cache: { hit: 0, miss: 0 },
    hashingRefused: 0,
  };
  const registers = [registry];
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
    counts,
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

export function recordSignIn(outcome: SignInOutcome): void {
  metrics().counts.signIns[outcome]++;
}

/** How a failed sign-in step ended, by the error it failed with. */
export function signInOutcomeOf(error: unknown): SignInOutcome {
  switch ((error as { code?: unknown } | null)?.code) {
    case "invalid_credentials":
      return "wrong_credentials";
    case "invalid_code":
      return "wrong_code";
    case "sign_in_expired":
      return "expired";
    case "rate_limited":
      return "throttled";
    case "service_unavailable":
      return "unavailable";
    default:
      return "error";
  }
}

/** Awaits a sign-in step and counts how it ended: `outcomeOf` names a success. */
export async function countSignIn<T>(step: Promise<T>, outcomeOf: (result: T) => SignInOutcome = () => "success"): Promise<T> {
  let result: T;
  try {
    result = await step;
  } catch (error) {
    recordSignIn(signInOutcomeOf(error));
    throw error;
  }
  recordSignIn(outcomeOf(result));
  return result;
}

export function recordThrottled(flow: ThrottledFlow, scope: LimitScope): void {
  const scopes = metrics().counts.throttled[flow];
  scopes[scope] = (scopes[scope] ?? 0) + 1;
}

export function recordCacheLookup(hit: boolean): void {
  const { cache } = metrics().counts;
  if (hit) cache.hit++;
  else cache.miss++;
}

export function recordHashingRefused(): void {
  metrics().counts.hashingRefused++;
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

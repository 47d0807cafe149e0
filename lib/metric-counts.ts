import type { LimitScope } from "./rate-limiters";

// The counts the code paths bump: sign-ins by outcome, throttled attempts, session cache
// lookups, hashing refusals. Plain numbers (a `+=`, nothing allocated: session validation
// is the hot path; prom-client's labelled inc() builds a label hash each time), which
// lib/metrics.ts copies into prom-client's counters at each scrape.

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

export type Counts = {
  signIns: Record<SignInOutcome, number>;
  throttled: Record<ThrottledFlow, Partial<Record<LimitScope, number>>>;
  cache: { hit: number; miss: number };
  hashingRefused: number;
};

// One set of counts per process: Next bundles proxy.ts, pages and route handlers apart,
// each with its own copy of this module.
const shared = globalThis as unknown as { sessionAuthCounts?: Counts };

function createCounts(): Counts {
  return {
    signIns: Object.fromEntries(signInOutcomes.map((outcome) => [outcome, 0])) as Counts["signIns"],
    // Every flow's scopes from the start, at zero, so rate() works from the first refusal.
    throttled: Object.fromEntries(
      Object.entries(throttledFlows).map(([flow, scopes]) => [flow, Object.fromEntries(scopes.map((scope) => [scope, 0]))]),
    ) as Counts["throttled"],
    cache: { hit: 0, miss: 0 },
    hashingRefused: 0,
  };
}

/** This process's counts, as they stand: bumped in place, read at a scrape. */
export function readCounts(): Counts {
  shared.sessionAuthCounts ??= createCounts();
  return shared.sessionAuthCounts;
}

export function recordSignIn(outcome: SignInOutcome): void {
  readCounts().signIns[outcome]++;
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
  const scopes = readCounts().throttled[flow];
  scopes[scope] = (scopes[scope] ?? 0) + 1;
}

export function recordCacheLookup(hit: boolean): void {
  const { cache } = readCounts();
  if (hit) cache.hit++;
  else cache.miss++;
}

export function recordHashingRefused(): void {
  readCounts().hashingRefused++;
}

import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
  RateLimiterSQLite,
} from "rate-limiter-flexible";
import { getConfig } from "./config";
import { getPlainConnection } from "./db";
import { AppError } from "./errors";
import { getRedis, redisKey } from "./redis";

// The limiters, built once with rate-limiter-flexible, and the one way a point is spent.
// Counters live in Redis when REDIS_URL is set, else in the database (the RateLimitCounter
// table, through plain SQL: these run on every sign-in), so every instance sees them; while
// that store fails, an in-memory limiter of this instance stands in (limits then count per
// instance). Which limits a flow faces is lib/rate-limit.ts.

/** The longest wait an account is made to take between attempts (and the Retry-After of a locked one). */
export const maxDelaySeconds = 15 * 60;
const year = 365 * 24 * 60 * 60;
/** Never lapse: only a success, a reset or an operator clears them. */
const untilCleared = 0;
/** How long one "throttled" record stands for an account that stays throttled. */
export const throttledNoteSeconds = 15 * 60;
/** The window RATE_LIMIT_SECOND_FACTOR_FAILURES counts wrong codes in. */
export const secondFactorFailuresWindowSeconds = 15 * 60;

export type Limiters = {
  /** Consecutive failed passwords per account (by email); at the cap, the account is locked for unknown devices. */
  accountFailures: RateLimiterAbstract;
  /** The growing wait imposed on an account after each failure past the free ones. */
  accountDelay: RateLimiterAbstract;
  loginPerIp: RateLimiterAbstract;
  registerPerIp: RateLimiterAbstract;
  loginGlobal: RateLimiterAbstract;
  /** Requests for and uses of emailed links per client address. */
  accountLinksPerIp: RateLimiterAbstract;
  /** Mailed links per account and purpose: bounds the mail anyone can make an account receive. */
  accountMails: RateLimiterAbstract;
  /** Wrong second-factor codes per account per 15 minutes, whichever pending sign-in they came through. */
  secondFactorFailures: RateLimiterAbstract;
  /** Consecutive wrong second-factor codes per account (by user id); at the cap, locked for unknown devices. */
  secondFactorStreak: RateLimiterAbstract;
  /** Consecutive failures through one device cookie (lib/device-cookie.ts). */
  deviceFailures: RateLimiterAbstract;
  /** One "throttled" record per account per window, however many attempts are refused. */
  throttledNotes: RateLimiterAbstract;
  /** One "someone knows your password" mail per account per hour. */
  passwordKnownMails: RateLimiterAbstract;
  /** Passwordless passkey sign-ins begun per client address: each writes a challenge. */
  passkeyOptionsPerIp: RateLimiterAbstract;
};

let limiters: Promise<Limiters> | undefined;

export function getLimiters(): Promise<Limiters> {
  limiters ??= (async () => {
    const redis = getRedis();
    const database = redis ? null : await getPlainConnection();
    const { rateLimits } = getConfig();
    let clearsExpired = true; // one limiter is enough to clear the shared table
    const make = (keyPrefix: string, points: number, duration: number) => {
      const insuranceLimiter = new RateLimiterMemory({ keyPrefix, points, duration });
      if (redis) {
        return new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: redisKey("rate-limit", keyPrefix),
          points,
          duration,
          // During an outage, straight to the in-memory limiter instead of waiting.
          rejectIfRedisNotReady: true,
          insuranceLimiter,
        });
      }
      const table = { tableName: "RateLimitCounter", tableCreated: true, clearExpiredByTimeout: clearsExpired };
      clearsExpired = false;
      return "sqlite" in database!
        ? new RateLimiterSQLite({
            storeClient: database.sqlite,
            storeType: "better-sqlite3",
            ...table,
            keyPrefix,
            points,
            duration,
            insuranceLimiter,
          })
        : new RateLimiterPostgres({
            storeClient: database!.postgres,
            storeType: "pool",
            ...table,
            keyPrefix,
            points,
            duration,
            insuranceLimiter,
          });
    };
    return {
      accountFailures: make("account-failures", rateLimits.accountMaxFailures, untilCleared),
      accountDelay: make("account-delay", 1, 1),
      loginPerIp: make("login-ip", rateLimits.loginPerIp, 15 * 60),
      registerPerIp: make("register-ip", rateLimits.registerPerIp, 60 * 60),
      loginGlobal: make("login-global", rateLimits.loginGlobal, 60),
      accountLinksPerIp: make("links-ip", rateLimits.accountLinksPerIp, 60 * 60),
      accountMails: make("account-mails", rateLimits.accountMails, 60 * 60),
      secondFactorFailures: make("second-factor-failures", rateLimits.secondFactorFailures, secondFactorFailuresWindowSeconds),
      secondFactorStreak: make("second-factor-streak", rateLimits.secondFactorMaxFailures, untilCleared),
      // As long as the cookie lives, so that the store can forget devices that never come back.
      deviceFailures: make("device-failures", rateLimits.deviceFailures, year),
      throttledNotes: make("throttled-notes", 1, throttledNoteSeconds),
      passwordKnownMails: make("password-known-mails", 1, 60 * 60),
      passkeyOptionsPerIp: make("passkey-options-ip", rateLimits.passkeyOptionsPerIp, 15 * 60),
    };
  })();
  return limiters;
}

/** Which limit refused: only the server needs to know (the answer is the same for all). */
export type LimitScope = "account" | "address" | "global";

export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    readonly scope: LimitScope = "address",
  ) {
    // One message for every limit: it must not tell which account or address tripped it.
    super("rate_limited", 429, "Too many attempts. Please wait a moment and try again.", undefined, {
      "Retry-After": String(retryAfterSeconds),
    });
  }
}

export function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Spends a point, or throws RateLimitedError. An exhausted limit is only read:
 * consuming it anyway would write to the store for every refused request.
 */
export async function spend(limiter: RateLimiterAbstract, key: string, scope: LimitScope): Promise<void> {
  refuseIfExhausted(limiter, await limiter.get(key), scope);
  await consumeOrRefuse(limiter, key, scope);
}

export function refuseIfExhausted(limiter: RateLimiterAbstract, spent: RateLimiterRes | null, scope: LimitScope): void {
  if (spent && spent.consumedPoints >= limiter.points) throw new RateLimitedError(retryAfter(spent), scope);
}

export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, scope: LimitScope): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(rejection), scope);
    throw rejection;
  }
}

/** True for the first caller in the limiter's window (a limiter of one point), false for the rest. */
export async function takeOnce(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await spend(limiter, key, "account");
    return true;
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
}

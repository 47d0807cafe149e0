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
import { log } from "./log";
import { recordThrottled, type ThrottledFlow } from "./metrics";
import { clientAddressKey } from "./request";
import { getRedis, redisKey } from "./redis";

// Throttling of sign-in and registration (NIST 800-63B-4 3.2.2, ASVS 6.3.1), with
// rate-limiter-flexible. Counters live in Redis when REDIS_URL is set, else in the
// database (the RateLimitCounter table, through plain SQL: these run on every
// sign-in), so every instance sees them; while that store fails, an in-memory
// limiter of this instance stands in (limits then count per instance).
//
// Two rules keep the limits from being turned against the people they protect:
// a request refused by a limit of its own (its address, its account) spends no
// point of a shared one; and a refused request writes nothing: limits are read
// before they are spent, so a refusal is one read.

const maxDelaySeconds = 15 * 60;
const year = 365 * 24 * 60 * 60;
/** Never lapse: only a success, a reset or an operator clears them. */
const untilCleared = 0;
/** How long one "throttled" record stands for an account that stays throttled. */
export const throttledNoteSeconds = 15 * 60;

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
      secondFactorFailures: make("second-factor-failures", rateLimits.secondFactorFailures, 15 * 60),
      secondFactorStreak: make("second-factor-streak", rateLimits.secondFactorMaxFailures, untilCleared),
      // As long as the cookie lives, so that the store can forget devices that never come back.
      deviceFailures: make("device-failures", rateLimits.deviceFailures, year),
      throttledNotes: make("throttled-notes", 1, throttledNoteSeconds),
      passwordKnownMails: make("password-known-mails", 1, 60 * 60),
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

function retryAfter(res: RateLimiterRes): number {
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

function refuseIfExhausted(limiter: RateLimiterAbstract, spent: RateLimiterRes | null, scope: LimitScope): void {
  if (spent && spent.consumedPoints >= limiter.points) throw new RateLimitedError(retryAfter(spent), scope);
}

async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, scope: LimitScope): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(rejection), scope);
    throw rejection;
  }
}

/** Awaits a check of limits; a refusal is counted for the metrics under `flow` on its way out. */
export async function countRefusals<T>(flow: ThrottledFlow, check: Promise<T>): Promise<T> {
  try {
    return await check;
  } catch (error) {
    if (error instanceof RateLimitedError) recordThrottled(flow, error.scope);
    throw error;
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

/** Delay before the next attempt after `failures` consecutive failures: 0, then 1 s, 2 s, 4 s ... */
export function accountDelaySeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures), maxDelaySeconds);
}

/**
 * Throws RateLimitedError when a sign-in may not be attempted now. The account's
 * limits first (keyed by email alone: a new address does not reset them), then the
 * client's address (IPv6 by its /64), and only then the budget shared by everyone.
 * A known device (lib/device-cookie.ts) is exempt from the account's delay and lock
 * and from the shared budget: the owner keeps signing in while others are held.
 */
export async function assertLoginAllowed(
  normalizedEmail: string,
  clientIp: string | null,
  options: { knownDevice?: boolean } = {},
): Promise<{ previousFailures: number }> {
  return countRefusals("password", checkLoginLimits(normalizedEmail, clientIp, options));
}

async function checkLoginLimits(
  normalizedEmail: string,
  clientIp: string | null,
  options: { knownDevice?: boolean },
): Promise<{ previousFailures: number }> {
  const l = await getLimiters();
  const key = normalizedEmail;
  const addressKey = clientAddressKey(clientIp);
  const spendsGlobal = !options.knownDevice;
  // Every read in one round trip; a refusal stops after it, having written nothing.
  const [failures, delay, addressSpent, globalSpent] = await Promise.all([
    l.accountFailures.get(key),
    l.accountDelay.get(key),
    l.loginPerIp.get(addressKey),
    spendsGlobal ? l.loginGlobal.get("all") : null,
  ]);
  if (!options.knownDevice) {
    // Locked until a success or a reset: any Retry-After is a guess; the longest delay's tells nothing.
    if (failures && failures.consumedPoints >= l.accountFailures.points) throw new RateLimitedError(maxDelaySeconds, "account");
    if (delay && delay.consumedPoints > 0 && delay.msBeforeNext > 0) throw new RateLimitedError(retryAfter(delay), "account");
  }
  refuseIfExhausted(l.loginPerIp, addressSpent, "address");
  refuseIfExhausted(l.loginGlobal, globalSpent, "global");
  // Both have room: spend them together (at the very edge, parallel requests may still find one full).
  await Promise.all([
    consumeOrRefuse(l.loginPerIp, addressKey, "address"),
    spendsGlobal ? consumeOrRefuse(l.loginGlobal, "all", "global") : undefined,
  ]);
  return { previousFailures: failures?.consumedPoints ?? 0 };
}

/** Counts a failed password; `locked` is true for the one failure that reached the cap. */
export async function recordLoginFailure(normalizedEmail: string): Promise<{ locked: boolean }> {
  const l = await getLimiters();
  const key = normalizedEmail;
  let failures: number;
  try {
    failures = (await l.accountFailures.penalty(key, 1)).consumedPoints;
  } catch (error) {
    log.error("could not count a failed sign-in", { error: String(error) });
    return { locked: false };
  }
  const seconds = accountDelaySeconds(failures, getConfig().rateLimits.accountFreeFailures);
  if (seconds > 0) await l.accountDelay.block(key, seconds);
  return { locked: failures === l.accountFailures.points };
}

export async function recordLoginSuccess(normalizedEmail: string): Promise<void> {
  const l = await getLimiters();
  const key = normalizedEmail;
  await Promise.all([l.accountFailures.delete(key), l.accountDelay.delete(key)]);
}

export async function assertRegistrationAllowed(clientIp: string | null): Promise<void> {
  await countRefusals("registration", spend((await getLimiters()).registerPerIp, clientAddressKey(clientIp), "address"));
}

/** Throws RateLimitedError when this client has asked for (or used) too many emailed links. */
export async function assertAccountLinkAllowed(clientIp: string | null): Promise<void> {
  await countRefusals("account_link", spend((await getLimiters()).accountLinksPerIp, clientAddressKey(clientIp), "address"));
}

/** Throws RateLimitedError once the account has been sent its hourly share of links of this kind. */
export async function assertAccountMailAllowed(purpose: string, normalizedEmail: string): Promise<void> {
  await countRefusals("account_mail", spend((await getLimiters()).accountMails, `${purpose}:${normalizedEmail}`, "account"));
}

/** assertAccountMailAllowed for mail sent after the response: false (nothing to tell anyone) once the share is used. */
export async function allowAccountMail(purpose: string, normalizedEmail: string): Promise<boolean> {
  try {
    await assertAccountMailAllowed(purpose, normalizedEmail);
    return true;
  } catch (error) {
    if (error instanceof RateLimitedError) return false;
    throw error;
  }
}

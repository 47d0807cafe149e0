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
import { getRedis, redisKey } from "./redis";

// Throttling of sign-in and registration (NIST 800-63B-4 3.2.2, ASVS 6.3.1), with
// rate-limiter-flexible. Counters live in Redis when REDIS_URL is set, else in the
// database (the RateLimitCounter table, through plain SQL: these run on every
// sign-in), so every instance sees them; while that store fails, an in-memory
// limiter of this instance stands in (limits then count per instance).

const maxConsecutiveFailures = 100;
const maxDelaySeconds = 15 * 60;

type Limiters = {
  /** Consecutive failed sign-ins per account; a success clears it. Never more than 100. */
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
  /** Wrong second-factor codes per account, whichever pending sign-in they came through. */
  secondFactorFailures: RateLimiterAbstract;
};

let limiters: Promise<Limiters> | undefined;

function getLimiters(): Promise<Limiters> {
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
        ? new RateLimiterSQLite({ storeClient: database.sqlite, storeType: "better-sqlite3", ...table, keyPrefix, points, duration, insuranceLimiter })
        : new RateLimiterPostgres({ storeClient: database!.postgres, storeType: "pool", ...table, keyPrefix, points, duration, insuranceLimiter });
    };
    return {
      accountFailures: make("account-failures", maxConsecutiveFailures, 24 * 60 * 60),
      accountDelay: make("account-delay", 1, 1),
      loginPerIp: make("login-ip", rateLimits.loginPerIp, 15 * 60),
      registerPerIp: make("register-ip", rateLimits.registerPerIp, 60 * 60),
      loginGlobal: make("login-global", rateLimits.loginGlobal, 60),
      accountLinksPerIp: make("links-ip", rateLimits.accountLinksPerIp, 60 * 60),
      accountMails: make("account-mails", rateLimits.accountMails, 60 * 60),
      secondFactorFailures: make("second-factor-failures", rateLimits.secondFactorFailures, 15 * 60),
    };
  })();
  return limiters;
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    // One message for every limit: it must not tell which account or address tripped it.
    super("rate_limited", 429, "Too many attempts. Please wait a moment and try again.", undefined, {
      "Retry-After": String(retryAfterSeconds),
    });
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(rejection));
    throw rejection;
  }
}

/** Delay before the next attempt after `failures` consecutive failures: 0, then 1 s, 2 s, 4 s ... */
export function accountDelaySeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures), maxDelaySeconds);
}

/**
 * Throws RateLimitedError when a sign-in may not be attempted now. Counts the
 * attempt against the client's address and the global budget; the account's
 * counter is keyed by email alone, so changing address does not reset it.
 */
export async function assertLoginAllowed(
  normalizedEmail: string,
  clientIp: string | null,
): Promise<{ previousFailures: number }> {
  const l = await getLimiters();
  // Keyed by the email alone: a new client address does not reset it.
  const key = normalizedEmail;
  const [failures, delay] = await Promise.all([l.accountFailures.get(key), l.accountDelay.get(key)]);
  if (failures && failures.consumedPoints >= maxConsecutiveFailures) throw new RateLimitedError(retryAfter(failures));
  if (delay && delay.consumedPoints > 0 && delay.msBeforeNext > 0) throw new RateLimitedError(retryAfter(delay));
  await Promise.all([consume(l.loginGlobal, "all"), clientIp ? consume(l.loginPerIp, clientIp) : undefined]);
  return { previousFailures: failures?.consumedPoints ?? 0 };
}

export async function recordLoginFailure(normalizedEmail: string): Promise<void> {
  const l = await getLimiters();
  // Keyed by the email alone: a new client address does not reset it.
  const key = normalizedEmail;
  let failures: number;
  try {
    failures = (await l.accountFailures.penalty(key, 1)).consumedPoints;
  } catch (error) {
    log.error("could not count a failed sign-in", { error: String(error) });
    return;
  }
  const seconds = accountDelaySeconds(failures, getConfig().rateLimits.accountFreeFailures);
  if (seconds > 0) await l.accountDelay.block(key, seconds);
}

export async function recordLoginSuccess(normalizedEmail: string): Promise<void> {
  const l = await getLimiters();
  // Keyed by the email alone: a new client address does not reset it.
  const key = normalizedEmail;
  await Promise.all([l.accountFailures.delete(key), l.accountDelay.delete(key)]);
}

export async function assertRegistrationAllowed(clientIp: string | null): Promise<void> {
  if (!clientIp) return;
  await consume((await getLimiters()).registerPerIp, clientIp);
}

/** Throws RateLimitedError when this client has asked for (or used) too many emailed links. */
export async function assertAccountLinkAllowed(clientIp: string | null): Promise<void> {
  if (!clientIp) return;
  await consume((await getLimiters()).accountLinksPerIp, clientIp);
}

/** Throws RateLimitedError once the account has been sent its hourly share of links of this kind. */
export async function assertAccountMailAllowed(purpose: string, normalizedEmail: string): Promise<void> {
  await consume((await getLimiters()).accountMails, `${purpose}:${normalizedEmail}`);
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

/**
 * Takes one of the account's second-factor attempts before a code is checked, or
 * throws RateLimitedError when they are used up: with the password known, this is
 * what stands between an attacker and guessing six digits. Taken first, so that
 * parallel guesses are counted before any of them is checked; a right code gives
 * its attempt back (returnSecondFactorAttempt).
 */
export async function takeSecondFactorAttempt(userId: string): Promise<void> {
  await consume((await getLimiters()).secondFactorFailures, userId);
}

export async function returnSecondFactorAttempt(userId: string): Promise<void> {
  await (await getLimiters()).secondFactorFailures.reward(userId, 1);
}

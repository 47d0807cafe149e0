import { getConfig } from "./config";
import { log } from "./log";
import { recordThrottled, type ThrottledFlow } from "./metric-counts";
import { consumeOrRefuse, getLimiters, maxDelaySeconds, RateLimitedError, refuseIfExhausted, retryAfter, spend } from "./rate-limiters";
import { clientAddressKey } from "./request";

// Throttling of sign-in and registration (NIST 800-63B-4 3.2.2, ASVS 6.3.1): which limits
// each flow faces, over the limiters of lib/rate-limiters.ts.
//
// Two rules keep the limits from being turned against the people they protect:
// a request refused by a limit of its own (its address, its account) spends no
// point of a shared one; and a refused request writes nothing: limits are read
// before they are spent, so a refusal is one read.

/** Awaits a check of limits; a refusal is counted for the metrics under `flow` on its way out. */
export async function countRefusals<T>(flow: ThrottledFlow, check: Promise<T>): Promise<T> {
  try {
    return await check;
  } catch (error) {
    if (error instanceof RateLimitedError) recordThrottled(flow, error.scope);
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

/** Throws RateLimitedError when this client has begun too many passwordless passkey sign-ins. */
export async function assertPasskeySignInStartAllowed(clientIp: string | null): Promise<void> {
  await countRefusals("passkey_options", spend((await getLimiters()).passkeyOptionsPerIp, clientAddressKey(clientIp), "address"));
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

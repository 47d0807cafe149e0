import net from "node:net";
import { z } from "zod";
import { defaultDatabaseUrl } from "./database-url";

// What the environment may hold, and what each value must look like: read once by lib/config.ts.

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** An optional service URL with one of `schemes`; empty counts as unset. */
const optionalUrl = (...schemes: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => schemes.some((scheme) => value.startsWith(`${scheme}://`) && value.length > scheme.length + 3), {
      message: `must start with ${schemes.map((scheme) => `${scheme}://`).join(" or ")}`,
    })
    .optional()
    .or(z.literal("").transform(() => undefined));

const secretList = z
  .string()
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().min(32, "each secret must be at least 32 characters")).min(1));

// Also read by the test that holds docs/configuration.md to it (scripts/configuration-doc.test.ts).
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.url().optional(),
  APP_NAME: z.string().trim().min(1).default("Session Auth"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z.string().default(defaultDatabaseUrl),
  // PostgreSQL connections per instance (SQLite uses one).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Optional. Adds shared rate limits and instant cross-instance cache eviction, and
  // with SESSION_STORE=redis keeps the sessions themselves.
  REDIS_URL: optionalUrl("redis", "rediss"),
  // Prepended to every Redis key and channel, so several apps (or test runs) can share one Redis.
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{0,64}$/, "letters, digits and :_.- only")
    .default("session-auth:"),
  // Where sessions live: "database" (SQLite or PostgreSQL, with the users) or "redis".
  SESSION_STORE: z.enum(["database", "redis"]).default("database"),
  // Several secrets, separated by commas or spaces: the first seals new cookies, all unseal.
  SESSION_SECRET: secretList.optional(),
  SESSION_COOKIE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only")
    .default("session"),
  // Sessions without "remember me": NIST 800-63B-4 suggests at most 1 hour of inactivity at AAL2.
  SESSION_IDLE_TIMEOUT: seconds(60 * 60),
  // "Remember me": the user asked to stay signed in on this device.
  SESSION_REMEMBER_IDLE_TIMEOUT: seconds(14 * 24 * 60 * 60),
  // NIST 800-63B-4 AAL1: reauthenticate at least every 30 days, whatever the activity.
  SESSION_ABSOLUTE_TIMEOUT: seconds(30 * 24 * 60 * 60),
  // Sessions signed in at aal2 (lib/assurance.ts), NIST 800-63B-4 section 2.2.3: at AAL2,
  // reauthenticate at least once per 24 hours and after at most 1 hour of inactivity.
  // They only ever shorten the general limits above, "remember me" included.
  SESSION_AAL2_ABSOLUTE_TIMEOUT: seconds(24 * 60 * 60),
  SESSION_AAL2_IDLE_TIMEOUT: seconds(60 * 60),
  // Extend the idle deadline once this fraction of the idle timeout has passed since the last extension.
  SESSION_RENEWAL_FRACTION: z.coerce.number().gt(0).lte(1).default(0.5),
  // Concurrent sessions per user; signing in beyond it ends the least recently used one.
  SESSION_MAX_PER_USER: z.coerce.number().int().min(1).default(10),
  // How often each instance deletes expired sessions (0: never; use `npm run sessions:purge`).
  SESSION_PURGE_INTERVAL: z.coerce
    .number()
    .int()
    .min(0)
    .default(15 * 60),
  // Seconds a validated session may be served from this process's memory: the longest another
  // instance's revocation can take to be seen here. 0 turns the cache off.
  SESSION_CACHE_TTL: z.coerce.number().min(0).max(60).default(1),
  // Outgoing mail (password reset links). Without it, outside production, mail goes to
  // the outbox at /dev/mailbox and the log; in production it is not sent (logged as an error).
  SMTP_URL: optionalUrl("smtp", "smtps"),
  MAIL_FROM: z.string().trim().min(3).optional(),
  // How long a password reset link works, in seconds (at most an hour).
  PASSWORD_RESET_TTL: z.coerce.number().int().min(1).max(3600).default(3600),
  BCRYPT_COST: z.coerce.number().int().min(4).max(31).default(12),
  // NIST SP 800-63B-4: 15 when the password is the only factor; never below 8.
  PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8, "must be at least 8").max(64).default(15),
  // Password checks and registrations that may wait for a hashing thread, per thread, beyond the two
  // per thread that run; past them a request gets 503 at once instead of a late answer. 10: a burst of
  // 20 sign-ins (the benchmark's) fits on two cores, and at cost 12 the last waits about 2.5 s.
  HASH_QUEUE_PER_THREAD: z.coerce.number().int().min(0).max(1000).default(10),
  PASSWORD_PEPPER: z.string().min(32, "must be at least 32 characters").optional(),
  // Proxies whose X-Forwarded-For is believed: addresses or CIDR ranges. Empty: use the socket's address.
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, context) => {
      if (!value?.trim()) return null;
      try {
        return parseTrustedProxies(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  // Sign-in attempts per client IP per 15 minutes, and registrations per client IP per hour.
  RATE_LIMIT_LOGIN_PER_IP: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_REGISTER_PER_IP: z.coerce.number().int().min(1).default(10),
  // Sign-in attempts per minute across all clients: bounds the bcrypt work an attacker can cause.
  RATE_LIMIT_LOGIN_GLOBAL: z.coerce.number().int().min(1).default(600),
  // Failed sign-ins on one account before each further one waits (1 s, 2 s, 4 s ... up to 15 min).
  RATE_LIMIT_ACCOUNT_FREE_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  // Consecutive failed passwords, and wrong second-factor codes, after which the account is
  // locked for unknown devices until a success, a password reset or an operator's unlock.
  RATE_LIMIT_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(100),
  RATE_LIMIT_SECOND_FACTOR_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(100),
  // Consecutive failures through one device cookie before it stops exempting its browser.
  RATE_LIMIT_DEVICE_FAILURES: z.coerce.number().int().min(1).max(100).default(10),
  // Requests for and uses of emailed links (password reset, email verification) per client IP
  // per hour, and such mails per account and purpose per hour.
  RATE_LIMIT_ACCOUNT_LINKS_PER_IP: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_ACCOUNT_MAILS: z.coerce.number().int().min(1).default(3),
  // Failed second-factor codes per account per 15 minutes, across every pending sign-in.
  RATE_LIMIT_SECOND_FACTOR_FAILURES: z.coerce.number().int().min(1).max(100).default(10),
  // Passwordless passkey sign-ins begun per client IP per 15 minutes. Each sign-in page load
  // begins one (the autofill), and each writes a challenge row: this bounds what one client
  // can make the database hold, without touching the password sign-in's budget.
  RATE_LIMIT_PASSKEY_OPTIONS_PER_IP: z.coerce.number().int().min(1).default(100),
  // Seconds since the last sign-in (or re-entered password) within which two-factor can be
  // set up, new recovery codes made, and administrators change accounts, without entering
  // the password again.
  FRESH_SIGN_IN_MAX_AGE: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60 * 60)
    .default(10 * 60),
  // "true": the admin area (pages, actions and admin API routes) asks for an aal2 session: a
  // second factor or a passkey at sign-in, or a step-up (docs/assurance.md).
  ADMIN_REQUIRE_AAL2: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  // How long an email verification (and verify-first registration) link works, in seconds (a day by default).
  EMAIL_VERIFICATION_TTL: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60 * 60)
    .default(24 * 60 * 60),
  // "immediate": registering creates the account at once, and a taken address gets 409 (an
  // account-existence oracle, throttled per client). "verify-first": registering and changing the
  // email always answer 202 alike, and the account starts when the mailed link is followed.
  REGISTRATION_MODE: z.enum(["immediate", "verify-first"]).default("immediate"),
  // Lets a scraper that is not on this machine read GET /api/metrics (Authorization: Bearer <token>);
  // loopback clients need none. Empty counts as unset.
  METRICS_TOKEN: z
    .string()
    .min(32, "must be at least 32 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** "10.0.0.0/8, 127.0.0.1 ::1" as a BlockList; throws on an entry that is not an address or range. */
export function parseTrustedProxies(value: string): net.BlockList {
  const list = new net.BlockList();
  for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
    const [address, prefix] = entry.split("/");
    const family = net.isIPv6(address ?? "") ? "ipv6" : net.isIPv4(address ?? "") ? "ipv4" : null;
    if (!address || !family) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

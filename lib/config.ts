import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { envSchema } from "./config-schema";
import { log } from "./log";

export type Config = ReturnType<typeof buildConfig>;
type Env = Record<string, string | undefined>;

function buildConfig(env: Env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${String(issue.path[0])}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const e = parsed.data;
  if (e.SESSION_STORE === "redis" && !e.REDIS_URL) {
    throw new Error('Invalid configuration:\n  SESSION_STORE: "redis" needs REDIS_URL');
  }
  if (e.RATE_LIMIT_ACCOUNT_FREE_FAILURES > e.RATE_LIMIT_ACCOUNT_MAX_FAILURES) {
    throw new Error("Invalid configuration:\n  RATE_LIMIT_ACCOUNT_FREE_FAILURES: must not exceed RATE_LIMIT_ACCOUNT_MAX_FAILURES");
  }
  const appUrl = new URL(e.APP_URL ?? `http://localhost:${e.PORT}`);
  const production = e.NODE_ENV === "production";
  const secureCookies = appUrl.protocol === "https:" || (production && appUrl.hostname === "localhost");
  const dataDir = path.resolve(e.DATA_DIR);

  return {
    production,
    appName: e.APP_NAME,
    appOrigin: appUrl.origin,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    sessionStore: e.SESSION_STORE,
    sessionSecrets: e.SESSION_SECRET ?? [readOrCreateSecret(dataDir, "session-secret", "SESSION_SECRET")],
    // The __Host- prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/.
    sessionCookieName: secureCookies ? `__Host-${e.SESSION_COOKIE_NAME}` : e.SESSION_COOKIE_NAME,
    secureCookies,
    sessionIdleTimeoutSeconds: e.SESSION_IDLE_TIMEOUT,
    sessionRememberIdleTimeoutSeconds: e.SESSION_REMEMBER_IDLE_TIMEOUT,
    sessionAbsoluteTimeoutSeconds: e.SESSION_ABSOLUTE_TIMEOUT,
    sessionAal2AbsoluteTimeoutSeconds: e.SESSION_AAL2_ABSOLUTE_TIMEOUT,
    sessionAal2IdleTimeoutSeconds: e.SESSION_AAL2_IDLE_TIMEOUT,
    sessionRenewalFraction: e.SESSION_RENEWAL_FRACTION,
    sessionMaxPerUser: e.SESSION_MAX_PER_USER,
    sessionPurgeIntervalSeconds: e.SESSION_PURGE_INTERVAL,
    sessionCacheTtlMs: e.SESSION_CACHE_TTL * 1000,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `${e.APP_NAME} <no-reply@${appUrl.hostname}>`,
    passwordResetTtlSeconds: e.PASSWORD_RESET_TTL,
    emailVerificationTtlSeconds: e.EMAIL_VERIFICATION_TTL,
    freshSignInMaxAgeSeconds: e.FRESH_SIGN_IN_MAX_AGE,
    adminRequireAal2: e.ADMIN_REQUIRE_AAL2,
    registrationMode: e.REGISTRATION_MODE,
    bcryptCost: e.BCRYPT_COST,
    hashQueuePerThread: e.HASH_QUEUE_PER_THREAD,
    passwordMinLength: e.PASSWORD_MIN_LENGTH,
    trustedProxies: e.TRUSTED_PROXIES,
    metricsToken: e.METRICS_TOKEN ?? null,
    rateLimits: {
      loginPerIp: e.RATE_LIMIT_LOGIN_PER_IP,
      registerPerIp: e.RATE_LIMIT_REGISTER_PER_IP,
      loginGlobal: e.RATE_LIMIT_LOGIN_GLOBAL,
      accountFreeFailures: e.RATE_LIMIT_ACCOUNT_FREE_FAILURES,
      accountLinksPerIp: e.RATE_LIMIT_ACCOUNT_LINKS_PER_IP,
      accountMails: e.RATE_LIMIT_ACCOUNT_MAILS,
      secondFactorFailures: e.RATE_LIMIT_SECOND_FACTOR_FAILURES,
      accountMaxFailures: e.RATE_LIMIT_ACCOUNT_MAX_FAILURES,
      secondFactorMaxFailures: e.RATE_LIMIT_SECOND_FACTOR_MAX_FAILURES,
      deviceFailures: e.RATE_LIMIT_DEVICE_FAILURES,
      passkeyOptionsPerIp: e.RATE_LIMIT_PASSKEY_OPTIONS_PER_IP,
    },
    passwordPepper: e.PASSWORD_PEPPER ?? readOrCreateSecret(dataDir, "password-pepper", "PASSWORD_PEPPER"),
  };
}

/**
 * A fresh checkout must start with no setup, so a missing secret is generated
 * once and kept in the data folder (mode 0600). Several instances must share
 * theirs through the environment instead.
 */
function readOrCreateSecret(dataDir: string, fileName: string, envName: string): string {
  const file = path.join(dataDir, fileName);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    // "wx" fails if another process created the file first; then theirs wins.
    fs.writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
    log.warn("secret not set: generated one and stored it in the data folder (mode 0600); set it to share it between instances", {
      setting: envName,
      file,
    });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return fs.readFileSync(file, "utf8").trim();
  }
}

let current: Config | undefined;

/** The validated configuration, read from the environment once. */
export function getConfig(): Config {
  current ??= buildConfig(process.env);
  return current;
}

/** For tests: configuration from an explicit environment. */
export function loadConfigForTest(env: Env): Config {
  current = buildConfig(env);
  return current;
}

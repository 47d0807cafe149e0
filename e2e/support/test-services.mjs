// The PostgreSQL server and Redis the test suites (unit, API and browser, benchmark) use:
// settings, so that a machine or CI with them at other addresses runs the same tests.
// TEST_DATABASE_URL is an administrator's URL: the suites create (and drop) databases of
// their own on that server, next to the database it names.

export const defaultTestDatabaseUrl = "postgresql://postgres@127.0.0.1:5432/test";
export const defaultTestRedisUrl = "redis://127.0.0.1:6379";

function setting(env, name, fallback, schemes) {
  const value = env[name]?.trim() || fallback;
  if (!schemes.some((scheme) => value.startsWith(`${scheme}://`))) {
    throw new Error(`${name} must start with ${schemes.map((scheme) => `${scheme}://`).join(" or ")}, not "${value}"`);
  }
  return value;
}

/** The test services `env` names, or this project's machines' defaults. */
export function resolveTestServices(env = process.env) {
  return {
    databaseUrl: setting(env, "TEST_DATABASE_URL", defaultTestDatabaseUrl, ["postgresql", "postgres"]),
    redisUrl: setting(env, "TEST_REDIS_URL", defaultTestRedisUrl, ["redis", "rediss"]),
  };
}

/** The URL of database `name` on the server of `adminUrl`: same user, host, port and options. */
export function databaseUrlFor(name, adminUrl) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

/** A URL fit for a log line: its password, if any, masked. */
export function describeServiceUrl(value) {
  const url = new URL(value);
  if (url.password) url.password = "***";
  return url.href;
}

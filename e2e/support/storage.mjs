// Databases and Redis keys of test servers: made fresh before a server starts,
// removed after it stops. Plain JavaScript, as serve.mjs (run by Node itself) uses it too.
import pg from "pg";
import { Redis } from "ioredis";
import { databaseUrlFor, resolveTestServices } from "./test-services.mjs";

// TEST_DATABASE_URL and TEST_REDIS_URL (see test-services.mjs).
export const { databaseUrl: postgresAdminUrl, redisUrl } = resolveTestServices();

/** The configurations the API and browser suites run in (E2E_CONFIG; `npm test` runs all three). */
export const configurations = ["sqlite", "postgres", "postgres-redis"];

export function suiteConfiguration() {
  const configuration = process.env.E2E_CONFIG || "sqlite";
  if (!configurations.includes(configuration)) {
    throw new Error(`E2E_CONFIG must be one of ${configurations.join(", ")}, not "${configuration}"`);
  }
  return configuration;
}

/**
 * Where a server named `name` (letters, digits, _) keeps its data in a configuration:
 * a SQLite file in its data folder, or a PostgreSQL database of that name, with
 * sessions in Redis under that prefix.
 */
export function storageEnv(name, dataDir, configuration = suiteConfiguration()) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad storage name ${name}`);
  if (configuration === "sqlite") return { DATABASE_URL: `file:${dataDir}/app.db` };
  const database = { DATABASE_URL: databaseUrlFor(name, postgresAdminUrl) };
  if (configuration === "postgres") return database;
  return { ...database, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `${name}:`, SESSION_STORE: "redis" };
}

async function withPostgres(work) {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(env) {
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${env.REDIS_KEY_PREFIX}*`, "COUNT", 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

const postgresDatabase = (env) => (/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? "") ? new URL(env.DATABASE_URL).pathname.slice(1) : null);

/** An empty database (and no Redis keys) for a server about to start with `env`. */
export async function prepareStorage(env) {
  await disposeStorage(env);
  const database = postgresDatabase(env);
  if (database) await withPostgres((client) => client.query(`CREATE DATABASE "${database}"`));
}

export async function disposeStorage(env) {
  const database = postgresDatabase(env);
  if (database) await withPostgres((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  if (env.REDIS_URL && env.REDIS_KEY_PREFIX) await deleteRedisKeys(env);
}

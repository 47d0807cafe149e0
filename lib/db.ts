import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import { getConfig } from "./config";
import { isPostgresUrl, sqliteFilePath } from "./database-url";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { Prisma, PrismaClient } from "./generated/prisma/client";
import { sqliteYieldsAfterEachQuery, yieldToEventLoop } from "./load-shaping.mjs";
import { onShutdown } from "./shutdown";

// Both generated clients come from the same models (scripts/postgres-schema.mjs),
// so the SQLite client's type describes either.
export type Db = PrismaClient;

function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: getConfig().databasePoolSize });
    globalForDb.postgresPool = pool;
    return new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as Db;
  }
  const file = sqliteFilePath(databaseUrl);
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // `timeout` is SQLite's busy timeout: wait for a competing writer instead of failing at once.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 5000 });
  const client = new PrismaClient({ adapter });
  return (sqliteYieldsAfterEachQuery ? client.$extends(yieldAfterEachQuery) : client) as unknown as Db;
}

/** better-sqlite3 answers synchronously: a hop after each query lets waiting requests in (lib/load-shaping.mjs). */
const yieldAfterEachQuery = Prisma.defineExtension({
  query: {
    async $allOperations({ args, query }) {
      const result = await query(args);
      await yieldToEventLoop();
      return result;
    },
  },
});

const globalForDb = globalThis as unknown as { db?: Promise<Db>; postgresPool?: pg.Pool; sqlite?: Database.Database };

/**
 * The one database client of this process (kept across dev-server reloads and
 * shared by Next's bundles), ready for use: SQLite's pragmas are set before the first query.
 */
export function getDb(): Promise<Db> {
  if (!globalForDb.db) {
    const db = createDb(getConfig().databaseUrl);
    onShutdown("database", () => db.$disconnect());
    globalForDb.db = prepare(db).catch((error) => {
      globalForDb.db = undefined; // let the next request try again
      throw error;
    });
  }
  return globalForDb.db;
}

// Set on each SQLite connection: Prisma's and the plain one. WAL lets readers proceed
// while one writer commits; with it, synchronous=NORMAL is still crash-safe (a power
// loss may drop the last commits, never corrupt). SQLite enforces foreign keys (and so
// ON DELETE CASCADE) only when asked, per connection. (better-sqlite3's build already
// defaults to both on a WAL database; this does not rely on it.)
const sqlitePragmas = ["journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON"];

async function prepare(db: Db): Promise<Db> {
  if (isPostgresUrl(getConfig().databaseUrl)) return db;
  for (const pragma of sqlitePragmas) await db.$queryRawUnsafe(`PRAGMA ${pragma}`);
  return db;
}

export type PlainConnection = { sqlite: Database.Database } | { postgres: pg.Pool };

/**
 * Plain SQL beside Prisma, for the few statements that run on every sign-in
 * (lib/plain-sql.ts, and the throttling counters): Prisma plans each query in
 * WebAssembly on the event loop (about a millisecond here), a prepared statement
 * tens of microseconds. On SQLite this is a second connection to the same
 * file; on PostgreSQL, the pool Prisma uses.
 */
export async function getPlainConnection(): Promise<PlainConnection> {
  await getDb();
  if (globalForDb.postgresPool) return { postgres: globalForDb.postgresPool };
  if (!globalForDb.sqlite) {
    // No busy timeout: this connection answers synchronously, so waiting for a lock
    // would stop the event loop, and with it the Prisma transaction holding the lock.
    const sqlite = new Database(sqliteFilePath(getConfig().databaseUrl), { timeout: 0 });
    for (const pragma of sqlitePragmas) sqlite.pragma(pragma);
    onShutdown("sqlite-plain", () => sqlite.close());
    globalForDb.sqlite = sqlite;
  }
  return { sqlite: globalForDb.sqlite };
}

/**
 * Readiness: a real read of a table ("SELECT 1" would succeed on a corrupt file), one
 * that Prisma reads (User and Session are plain SQL's: lib/plain-sql.ts).
 */
export async function checkDb(): Promise<void> {
  const db = await getDb();
  await db.knownDevice.findFirst({ select: { id: true } });
}

import crypto from "node:crypto";
import type Database from "better-sqlite3";
import pg from "pg";
import { getPlainConnection, type PlainConnection } from "./db";

// Plain SQL beside Prisma, for the tables on the busiest paths: every statement on
// Session (lib/session-store-prisma.ts) and SecurityEvent (lib/security-events.ts),
// and the account reads of every sign-in and request (lib/user.ts). Each statement
// lives with the module that owns its table. Prisma plans each query in WebAssembly
// on the event loop: with it, a sign-in took 11.7 ms of the event loop and 5.7 ms of
// V8's helper thread here, and a session read 1.4 ms; with these, 7.1 and 2.6 ms,
// and tens of microseconds. Prisma still owns the schema and the migrations.
// Both databases take the same text: `?` placeholders, quoted identifiers.
// SQLite runs them as prepared statements; PostgreSQL as named parameterised queries.

export type SqlValue = string | number | boolean | Date | null;

/** Rows of a query (none for a statement that returns none), on the app's plain connection. */
export async function queryPlain<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
  return queryPlainOn<Row>(await getPlainConnection(), sql, params);
}

export async function queryPlainOn<Row>(connection: PlainConnection, sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
  if ("sqlite" in connection) return querySqlite<Row>(connection.sqlite, sql, params.map(toSqlite));
  try {
    const { name, text } = numberedStatement(sql);
    const { rows } = await connection.postgres.query({
      name,
      text,
      values: params.map(toPostgres),
      types: postgresTypes,
    });
    return rows as Row[];
  } catch (error) {
    throw new PostgresQueryError(error);
  }
}

/**
 * What node-postgres threw, under a name lib/errors.ts knows: the request fails closed
 * (503), as it does when Prisma cannot reach the database, and as better-sqlite3's
 * SqliteError does on the SQLite side.
 */
export class PostgresQueryError extends Error {
  override name = "PostgresQueryError";
  constructor(cause: unknown) {
    super(`PostgreSQL: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A DateTime column as read back: a Date from PostgreSQL, Prisma's ISO text (or epoch milliseconds) from SQLite. */
export function readDate(value: unknown): Date {
  const date = value instanceof Date ? value : new Date(value as string | number);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: ${String(value)}`);
  return date;
}

export function readOptionalDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : readDate(value);
}

// --- SQLite ---------------------------------------------------------------------------

/** How long a write waits for another connection's write to finish, as Prisma's connection does (lib/db.ts). */
const sqliteBusyTimeoutMs = 5000;
const statementsBySqlite = new WeakMap<Database.Database, Map<string, Database.Statement>>();

function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let statements = statementsBySqlite.get(sqlite);
  if (!statements) statementsBySqlite.set(sqlite, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
  return statement;
}

/**
 * The plain connection has no busy timeout (it would stop the event loop while it
 * waits, and with it the writer it waits for). A write that finds the database
 * locked tries again a little later instead, for as long as Prisma's would wait.
 */
async function querySqlite<Row>(sqlite: Database.Database, sql: string, params: unknown[]): Promise<Row[]> {
  const statement = prepared(sqlite, sql);
  const started = Date.now();
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    try {
      if (statement.reader) return statement.all(...params) as Row[];
      statement.run(...params);
      return [];
    } catch (error) {
      const busy = String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY");
      if (!busy || Date.now() - started >= sqliteBusyTimeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** As @prisma/adapter-better-sqlite3 writes them, so that Prisma's comparisons of the same columns still hold. */
function toSqlite(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

// --- PostgreSQL -----------------------------------------------------------------------

const numbered = new Map<string, { name: string; text: string }>();

/**
 * `$1`-style placeholders, and a name: each pooled connection parses and plans a statement
 * once. Named by its text: Next bundles this module more than once, sharing one pool.
 */
function numberedStatement(sql: string): { name: string; text: string } {
  let statement = numbered.get(sql);
  if (statement === undefined) {
    let n = 0;
    statement = {
      name: `plain-${crypto.createHash("sha256").update(sql).digest("hex").slice(0, 24)}`,
      text: sql.replace(/\?/g, () => `$${++n}`),
    };
    numbered.set(sql, statement);
  }
  return statement;
}

// Prisma's DateTime is `timestamp(3)` without a time zone, holding UTC. node-postgres
// would read and write such values in the process's local time zone.
const timestampWithoutTimeZone = 1114;

function toPostgres(value: SqlValue): SqlValue {
  return value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : value;
}

const postgresTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === timestampWithoutTimeZone) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

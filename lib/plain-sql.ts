import crypto from "node:crypto";
import type Database from "better-sqlite3";
import pg from "pg";
import { getPlainConnection, type PlainConnection } from "./db";

// Plain SQL beside Prisma, for the tables on the busiest paths: every statement on
// Session (lib/session-store-prisma.ts), SecurityEvent (lib/security-events.ts) and
// User (lib/user.ts, lib/user-credentials.ts, lib/user-directory.ts). One data path per
// table: a table is read and written either here or through Prisma, never both
// (scripts/data-paths.test.ts), and each statement lives with the module that owns its
// table. Prisma plans each query in WebAssembly
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

/** How many rows a `SELECT COUNT(*) AS "n"` counted (PostgreSQL's count is a bigint, read as text). */
export async function queryCount(sql: string, params: readonly SqlValue[] = []): Promise<number> {
  return Number((await queryPlain<{ n: number | string }>(sql, params))[0]!.n);
}

/**
 * How many rows a write changed: its statement ends in `RETURNING` (SQLite's run()
 * would say too, but through the same path as a read the two databases answer alike).
 * A conditional write whose count is the check (a race decided by one statement) reads it here.
 */
export async function queryChanged(sql: string, params: readonly SqlValue[] = []): Promise<number> {
  return (await queryPlain(sql, params)).length;
}

let rowSequence = 0;

/**
 * A new primary key, shaped like the cuid() Prisma gives the rows it creates: time
 * first, then a counter, so that rows of one millisecond still sort in the order they
 * were made (by id); then 62 random bits, so that instances never collide.
 */
export function newRowId(): string {
  rowSequence = (rowSequence + 1) % 36 ** 4;
  const random = crypto.randomBytes(8).readBigUInt64BE() >> 2n;
  return `c${Date.now().toString(36).padStart(8, "0")}${rowSequence.toString(36).padStart(4, "0")}${random.toString(36).padStart(12, "0")}`;
}

/** A plain write refused by a unique index (SQLite's constraint code, PostgreSQL's 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const cause = error instanceof PostgresQueryError ? error.cause : error;
  const code = typeof cause === "object" && cause !== null ? (cause as { code?: unknown }).code : undefined;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
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

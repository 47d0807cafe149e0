import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeStorage, prepareStorage } from "../e2e/support/storage.mjs";
import { migratePostgres } from "../scripts/migrate-postgres.mjs";
import { getDb } from "./db";
import { toAppError } from "./errors";
import { queryPlain, queryPlainOn, readDate } from "./plain-sql";
import { prismaSessionStore } from "./session-store-prisma";
import { makeUser } from "./test-helpers";

// The plain statements share their tables with Prisma: what one writes, the other
// must read back as it was, on SQLite (the unit tests' database) and on PostgreSQL
// (a database of this file's own on the machine's server).

const hour = 60 * 60 * 1000;

function sessionRow(userId: string, idleExpiresAt: Date) {
  const id = crypto.randomBytes(32).toString("hex");
  const createdAt = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  return {
    values: [id, crypto.randomBytes(16).toString("base64url"), userId, createdAt, createdAt, idleExpiresAt, new Date(idleExpiresAt.getTime() + hour), true, null, null],
    id,
    createdAt,
  };
}
const insertSession = `INSERT INTO "Session" ("id", "publicId", "userId", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "persistent", "ipAddress", "userAgent")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

describe("plain SQL on SQLite", () => {
  it("writes dates and booleans as Prisma does: Prisma reads them back, and compares them", async () => {
    const user = await makeUser();
    const now = new Date();
    const live = sessionRow(user.id, new Date(now.getTime() + hour));
    const expired = sessionRow(user.id, new Date(now.getTime() - 1000));
    await queryPlain(insertSession, live.values as never);
    await queryPlain(insertSession, expired.values as never);
    const db = await getDb();
    const found = await db.session.findUnique({ where: { id: live.id } });
    expect(found?.createdAt).toEqual(live.createdAt);
    expect(found?.persistent).toBe(true);
    // Prisma's own filter on a column written here: the expired one is left out.
    const listed = await prismaSessionStore.listForUser(user.id, now);
    expect(listed.map((session) => session.id)).toEqual([live.id]);
    // Prisma's adapter compares the stored text: it must be its own spelling, to the letter.
    const [read] = await queryPlain<{ createdAt: unknown }>(`SELECT "createdAt" FROM "Session" WHERE "id" = ?`, [live.id]);
    expect(read!.createdAt).toBe("2026-01-02T03:04:05.678+00:00");
    expect(readDate(read!.createdAt)).toEqual(live.createdAt);
  });

  it("a write that finds the database locked waits for the other writer instead of failing", async () => {
    const user = await makeUser();
    const other = new Database(path.join(process.env.DATA_DIR!, "unit.db"));
    try {
      other.exec("BEGIN IMMEDIATE");
      const started = Date.now();
      const release = setTimeout(() => other.exec("COMMIT"), 300);
      const row = sessionRow(user.id, new Date(Date.now() + hour));
      await queryPlain(insertSession, row.values as never);
      clearTimeout(release);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(await (await getDb()).session.count({ where: { id: row.id } })).toBe(1);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
    }
  });

  it("other errors are not retried", async () => {
    const row = sessionRow("no-such-user", new Date(Date.now() + hour));
    const started = Date.now();
    await expect(queryPlain(insertSession, row.values as never)).rejects.toMatchObject({ code: "SQLITE_CONSTRAINT_FOREIGNKEY" });
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe("plain SQL on PostgreSQL", () => {
  const storage = { DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/unit_plain_sql_${crypto.randomBytes(4).toString("hex")}` };
  let pool: pg.Pool;
  const timeZone = process.env.TZ;

  beforeAll(async () => {
    await prepareStorage(storage);
    await migratePostgres(storage.DATABASE_URL, path.join(process.cwd(), "prisma/postgresql/migrations"));
    pool = new pg.Pool({ connectionString: storage.DATABASE_URL, max: 2 });
    // Dates must not move with the process's time zone (Prisma stores UTC without one).
    process.env.TZ = "America/Los_Angeles";
  });
  afterAll(async () => {
    process.env.TZ = timeZone;
    await pool?.end();
    await disposeStorage(storage);
  });

  it("writes and reads UTC timestamps, booleans and counts, whatever the local time zone", async () => {
    expect(new Date(Date.UTC(2026, 6, 1)).getTimezoneOffset()).not.toBe(0);
    const connection = { postgres: pool };
    await queryPlainOn(connection, `INSERT INTO "User" ("id", "email", "name", "passwordHash", "updatedAt") VALUES (?, ?, ?, ?, ?)`, [
      "u1",
      "tz@example.test",
      "Time Zone",
      "x",
      new Date(),
    ]);
    const row = sessionRow("u1", new Date(Date.UTC(2026, 6, 1, 12, 0, 0, 5)));
    await queryPlainOn(connection, insertSession, row.values as never);
    // As Prisma's adapter writes them: UTC wall time, milliseconds kept.
    const { rows } = await pool.query(`SELECT "createdAt"::text AS "text" FROM "Session" WHERE "id" = $1`, [row.id]);
    expect(rows[0].text).toBe("2026-01-02 03:04:05.678");
    const [read] = await queryPlainOn<{ createdAt: unknown; idleExpiresAt: unknown; persistent: unknown }>(
      connection,
      `SELECT "createdAt", "idleExpiresAt", "persistent" FROM "Session" WHERE "id" = ?`,
      [row.id],
    );
    expect(readDate(read!.createdAt)).toEqual(row.createdAt);
    expect(readDate(read!.idleExpiresAt)).toEqual(new Date(Date.UTC(2026, 6, 1, 12, 0, 0, 5)));
    expect(read!.persistent).toBe(true);
    const [counted] = await queryPlainOn<{ n: unknown }>(connection, `SELECT COUNT(*) AS "n" FROM "Session" WHERE "userId" = ?`, ["u1"]);
    expect(Number(counted!.n)).toBe(1);
  });

  it("fails closed: an unreachable server and a broken query are a 503, never a 500", async () => {
    const unreachable = new pg.Pool({ connectionString: "postgresql://postgres@127.0.0.1:1/test", connectionTimeoutMillis: 2000 });
    try {
      const error = await queryPlainOn({ postgres: unreachable }, `SELECT 1`).catch((thrown: unknown) => thrown);
      expect(toAppError(error)?.status).toBe(503);
    } finally {
      await unreachable.end();
    }
    const error = await queryPlainOn({ postgres: pool }, `SELECT "nothing" FROM "NoSuchTable"`).catch((thrown: unknown) => thrown);
    expect(toAppError(error)?.status).toBe(503);
  });
});

import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disposeStorage, postgresAdminUrl, prepareStorage } from "../e2e/support/storage.mjs";
import { databaseUrlFor } from "../e2e/support/test-services.mjs";
import { migratePostgres } from "../scripts/migrate-postgres.mjs";
import { getDb, getPlainConnection } from "./db";
import { toAppError } from "./errors";
import { queryPlain, queryPlainOn, readDate } from "./plain-sql";
import type { SessionRecord } from "./session-store";
import { prismaSessionStore } from "./session-store-prisma";
import { makeUser } from "./test-helpers";

// The plain statements share their tables with Prisma: what one writes, the other
// must read back as it was, on SQLite (the unit tests' database) and on PostgreSQL
// (a database of this file's own on the machine's server).

const hour = 60 * 60 * 1000;

function sessionRecord(userId: string, idleExpiresAt: Date): SessionRecord {
  const createdAt = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  return {
    id: crypto.randomBytes(32).toString("hex"),
    publicId: crypto.randomBytes(16).toString("base64url"),
    userId,
    createdAt,
    lastSeenAt: createdAt,
    idleExpiresAt,
    absoluteExpiresAt: new Date(idleExpiresAt.getTime() + hour),
    persistent: true,
    ipAddress: null,
    userAgent: null,
    credentialVersion: 0,
    assurance: "aal2",
    method: "password+totp",
  };
}

// On SQLite through the store's own insert (plain SQL), read back through Prisma.
describe("plain SQL on SQLite", () => {
  it("writes dates and booleans as Prisma does: Prisma reads them back, and compares them", async () => {
    const user = await makeUser();
    const now = new Date();
    const live = sessionRecord(user.id, new Date(now.getTime() + hour));
    await prismaSessionStore.create(live);
    await prismaSessionStore.create(sessionRecord(user.id, new Date(now.getTime() - 1000)));
    const db = await getDb();
    const found = await db.session.findUnique({ where: { id: live.id } });
    expect(found?.createdAt).toEqual(live.createdAt);
    expect(found?.persistent).toBe(true);
    expect(found).toMatchObject({ assurance: "aal2", method: "password+totp" });
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
      const session = sessionRecord(user.id, new Date(Date.now() + hour));
      await prismaSessionStore.create(session);
      clearTimeout(release);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(await (await getDb()).session.count({ where: { id: session.id } })).toBe(1);
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
    }
  });

  // Whatever sets them (lib/db.ts, or better-sqlite3's build defaults), the two must agree.
  it("the plain connection is set up as Prisma's is", async () => {
    const plain = await getPlainConnection();
    if (!("sqlite" in plain)) throw new Error("the unit tests run on SQLite");
    const prisma = await getDb();
    for (const pragma of ["journal_mode", "synchronous", "foreign_keys"]) {
      const [prismaRow] = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${pragma}`);
      expect(String(plain.sqlite.pragma(pragma, { simple: true })), pragma).toBe(String(Object.values(prismaRow!)[0]));
    }
    expect(plain.sqlite.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
  });

  it("other errors are not retried, and the plain connection enforces foreign keys", async () => {
    const started = Date.now();
    await expect(prismaSessionStore.create(sessionRecord("no-such-user", new Date(Date.now() + hour)))).rejects.toMatchObject({
      code: "SQLITE_CONSTRAINT_FOREIGNKEY",
    });
    expect(Date.now() - started).toBeLessThan(100);
  });
});

describe("plain SQL on PostgreSQL", () => {
  const storage = { DATABASE_URL: databaseUrlFor(`unit_plain_sql_${crypto.randomBytes(4).toString("hex")}`, postgresAdminUrl) };
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
    const row = sessionRecord("u1", new Date(Date.UTC(2026, 6, 1, 12, 0, 0, 5)));
    await queryPlainOn(
      connection,
      `INSERT INTO "Session" ("id", "publicId", "userId", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "persistent")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [row.id, row.publicId, row.userId, row.createdAt, row.lastSeenAt, row.idleExpiresAt, row.absoluteExpiresAt, row.persistent],
    );
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

import { readAssurance, readSignInMethod } from "./assurance";
import { queryChanged, queryCount, queryPlain, readDate } from "./plain-sql";
import type { SessionRecord, SessionStore } from "./session-store";
import { publicUserColumns, readPublicUser } from "./user";

// Sessions in the database whose schema and migrations Prisma owns (SESSION_STORE=database).
// Every statement on the Session table is here, in plain SQL (lib/plain-sql.ts): one
// validation per request is one prepared statement by primary key, joined to its user,
// with no query planning by the ORM on the event loop (about a millisecond a query here).

const sessionColumns = [
  "id",
  "publicId",
  "userId",
  "createdAt",
  "lastSeenAt",
  "idleExpiresAt",
  "absoluteExpiresAt",
  "persistent",
  "ipAddress",
  "userAgent",
  "credentialVersion",
  "assurance",
  "method",
] as const satisfies readonly (keyof SessionRecord)[];

type Row = Record<string, unknown>;

const columnList = (table?: string) => sessionColumns.map((column) => (table ? `${table}."${column}"` : `"${column}"`)).join(", ");
const qualifiedUserColumns = publicUserColumns
  .split(", ")
  .map((column) => `u.${column} AS "user.${column.slice(1, -1)}"`)
  .join(", ");

const statements = {
  insert: `INSERT INTO "Session" (${columnList()}) VALUES (${sessionColumns.map(() => "?").join(", ")})`,
  findWithUser: `SELECT ${columnList("s")}, ${qualifiedUserColumns}, u."credentialVersion" AS "user.credentialVersion"
    FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ?`,
  // A record deleted by a racing logout stays deleted (no row), never re-created.
  extend: `UPDATE "Session" SET "idleExpiresAt" = ?, "lastSeenAt" = ? WHERE "id" = ? RETURNING "id"`,
  delete: `DELETE FROM "Session" WHERE "id" = ? RETURNING "id"`,
  // Scoped by user: another user's session id behaves exactly like a missing one.
  deleteByPublicId: `DELETE FROM "Session" WHERE "publicId" = ? AND "userId" = ? RETURNING ${columnList()}`,
  deleteAllForUser: `DELETE FROM "Session" WHERE "userId" = ? AND "id" <> ? RETURNING "id"`,
  listForUser: `SELECT ${columnList()} FROM "Session"
    WHERE "userId" = ? AND "idleExpiresAt" > ? AND "absoluteExpiresAt" > ? ORDER BY "lastSeenAt" DESC`,
  countForUser: `SELECT COUNT(*) AS "n" FROM "Session" WHERE "userId" = ?`,
  byLastUse: `SELECT "id" FROM "Session" WHERE "userId" = ? ORDER BY "lastSeenAt" DESC, "createdAt" DESC`,
  deleteExpired: `DELETE FROM "Session" WHERE "id" IN
    (SELECT "id" FROM "Session" WHERE "idleExpiresAt" <= ? OR "absoluteExpiresAt" <= ? LIMIT ?) RETURNING "id"`,
  countActive: `SELECT COUNT(*) AS "n" FROM "Session" WHERE "idleExpiresAt" > ? AND "absoluteExpiresAt" > ?`,
};

/** A row as the app may trust it: the assurance columns are plain text (lib/assurance.ts reads them). */
function readSession(row: Row): SessionRecord {
  const method = readSignInMethod(row.method);
  return {
    id: row.id as string,
    publicId: row.publicId as string,
    userId: row.userId as string,
    createdAt: readDate(row.createdAt),
    lastSeenAt: readDate(row.lastSeenAt),
    idleExpiresAt: readDate(row.idleExpiresAt),
    absoluteExpiresAt: readDate(row.absoluteExpiresAt),
    // SQLite holds booleans as 0 and 1.
    persistent: row.persistent === true || row.persistent === 1,
    ipAddress: (row.ipAddress as string | null) ?? null,
    userAgent: (row.userAgent as string | null) ?? null,
    credentialVersion: Number(row.credentialVersion),
    assurance: readAssurance(row.assurance, method),
    method,
  };
}

export const prismaSessionStore: SessionStore = {
  async create(session) {
    await queryPlain(
      statements.insert,
      sessionColumns.map((column) => session[column]),
    );
  },

  async findWithUser(id) {
    const [row] = await queryPlain<Row>(statements.findWithUser, [id]);
    if (!row) return null;
    return { session: readSession(row), user: readPublicUser(row, "user."), userCredentialVersion: Number(row["user.credentialVersion"]) };
  },

  async extend(session, idleExpiresAt, lastSeenAt) {
    return (await queryChanged(statements.extend, [idleExpiresAt, lastSeenAt, session.id])) > 0;
  },

  async delete(id) {
    return (await queryChanged(statements.delete, [id])) > 0;
  },

  async deleteByPublicId(userId, publicId) {
    const [row] = await queryPlain<Row>(statements.deleteByPublicId, [publicId, userId]);
    return row ? readSession(row) : null;
  },

  async deleteAllForUser(userId, exceptId) {
    // No session id is empty: without an exception, none is kept.
    return queryChanged(statements.deleteAllForUser, [userId, exceptId ?? ""]);
  },

  async listForUser(userId, now) {
    return (await queryPlain<Row>(statements.listForUser, [userId, now, now])).map(readSession);
  },

  async trimForUser(userId, keep) {
    // Counting is cheap; reading every session is not, and is needed only past the cap.
    if ((await queryCount(statements.countForUser, [userId])) <= keep) return 0;
    const surplus = (await queryPlain<{ id: string }>(statements.byLastUse, [userId])).slice(keep);
    let deleted = 0;
    for (const { id } of surplus) deleted += await queryChanged(statements.delete, [id]);
    return deleted;
  },

  async deleteExpired(now, limit) {
    return queryChanged(statements.deleteExpired, [now, now, limit]);
  },

  async countActive(now) {
    return queryCount(statements.countActive, [now, now]);
  },

  // Sessions are read with their account in one query: nothing of the account is kept here.
  async forgetUser() {},
} satisfies SessionStore;

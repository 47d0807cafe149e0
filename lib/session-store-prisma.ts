import { readAssurance, readSignInMethod } from "./assurance";
import { getDb } from "./db";
import type { Session } from "./generated/prisma/client";
import { queryPlain } from "./plain-sql";
import type { SessionRecord, SessionStore } from "./session-store";
import { publicUserSelect } from "./user";

/** The row as the app may trust it: the columns are plain text (lib/assurance.ts reads them). */
function toSessionRecord(row: Session): SessionRecord {
  const method = readSignInMethod(row.method);
  return { ...row, method, assurance: readAssurance(row.assurance, method) };
}

const notExpired = (now: Date) => ({ idleExpiresAt: { gt: now }, absoluteExpiresAt: { gt: now } });

export const prismaSessionStore: SessionStore = {
  // create and trimForUser's count run on every sign-in: plain SQL (lib/plain-sql.ts).
  async create(session) {
    await queryPlain(
      `INSERT INTO "Session" ("id", "publicId", "userId", "createdAt", "lastSeenAt", "idleExpiresAt", "absoluteExpiresAt", "persistent", "ipAddress", "userAgent", "credentialVersion", "assurance", "method")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        session.id,
        session.publicId,
        session.userId,
        session.createdAt,
        session.lastSeenAt,
        session.idleExpiresAt,
        session.absoluteExpiresAt,
        session.persistent,
        session.ipAddress,
        session.userAgent,
        session.credentialVersion,
        session.assurance,
        session.method,
      ],
    );
  },

  async findWithUser(id) {
    const db = await getDb();
    // The account's credential version in the same read: no extra round-trip per request.
    const row = await db.session.findUnique({
      where: { id },
      include: { user: { select: { ...publicUserSelect, credentialVersion: true } } },
    });
    if (!row) return null;
    const {
      user: { credentialVersion: userCredentialVersion, ...user },
      ...session
    } = row;
    return { session: toSessionRecord(session), user, userCredentialVersion };
  },

  async extend(session, idleExpiresAt, lastSeenAt) {
    const db = await getDb();
    // updateMany: a record deleted by a racing logout stays deleted (0 rows), never re-created.
    const { count } = await db.session.updateMany({ where: { id: session.id }, data: { idleExpiresAt, lastSeenAt } });
    return count > 0;
  },

  async delete(id) {
    const db = await getDb();
    const { count } = await db.session.deleteMany({ where: { id } });
    return count > 0;
  },

  async deleteByPublicId(userId, publicId) {
    const db = await getDb();
    // Scoped by user: another user's session id behaves exactly like a missing one.
    const session = await db.session.findFirst({ where: { publicId, userId } });
    if (!session) return null;
    const { count } = await db.session.deleteMany({ where: { id: session.id } });
    return count > 0 ? toSessionRecord(session) : null;
  },

  async deleteAllForUser(userId, exceptId) {
    const db = await getDb();
    const { count } = await db.session.deleteMany({
      where: { userId, ...(exceptId ? { id: { not: exceptId } } : {}) },
    });
    return count;
  },

  async listForUser(userId, now) {
    const db = await getDb();
    const rows = await db.session.findMany({ where: { userId, ...notExpired(now) }, orderBy: { lastSeenAt: "desc" } });
    return rows.map(toSessionRecord);
  },

  async trimForUser(userId, keep) {
    // Counting is cheap; reading every session is not, and is needed only past the cap.
    const [counted] = await queryPlain<{ sessions: number | string }>(`SELECT COUNT(*) AS "sessions" FROM "Session" WHERE "userId" = ?`, [
      userId,
    ]);
    if (Number(counted!.sessions) <= keep) return 0;
    const db = await getDb();
    const surplus = await db.session.findMany({
      where: { userId },
      orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
      skip: keep,
      select: { id: true },
    });
    if (surplus.length === 0) return 0;
    const { count } = await db.session.deleteMany({ where: { id: { in: surplus.map((s) => s.id) } } });
    return count;
  },

  async deleteExpired(now, limit) {
    const db = await getDb();
    const expired = await db.session.findMany({
      where: { OR: [{ idleExpiresAt: { lte: now } }, { absoluteExpiresAt: { lte: now } }] },
      select: { id: true },
      take: limit,
    });
    if (expired.length === 0) return 0;
    const { count } = await db.session.deleteMany({ where: { id: { in: expired.map((s) => s.id) } } });
    return count;
  },

  async countActive(now) {
    const db = await getDb();
    return db.session.count({ where: notExpired(now) });
  },
} satisfies SessionStore;

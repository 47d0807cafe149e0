import { getConfig } from "./config";
import { isPostgresUrl } from "./database-url";
import type { Role } from "./generated/prisma/client";
import { queryChanged, queryCount, queryPlain } from "./plain-sql";
import { type PublicUser, publicUserColumns, readPublicUser } from "./user";

// The accounts as administrators see them (lib/admin.ts holds the rules): listed,
// searched, counted, their name, role and status changed, deleted. Plain SQL, as every
// statement on User is (lib/user.ts).

/** `%` and `_` in a search are the characters themselves, not LIKE's wildcards. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/**
 * Users whose email or name contains `query` (in any case), oldest first: `take` of them
 * from the user `cursor` on (that user included), none when the cursor names nobody.
 */
export async function findUsersPage({ query, cursor, take }: { query?: string; cursor?: string; take: number }): Promise<PublicUser[]> {
  const conditions: string[] = [];
  const params: (string | number | Date)[] = [];
  if (query) {
    // Emails are stored lower-cased. SQLite's LIKE ignores the case of ASCII letters
    // already; PostgreSQL's ILIKE ignores it for every letter.
    const anyCase = isPostgresUrl(getConfig().databaseUrl) ? "ILIKE" : "LIKE";
    conditions.push(`("email" LIKE ? ESCAPE '\\' OR "name" ${anyCase} ? ESCAPE '\\')`);
    params.push(containing(query.toLowerCase()), containing(query));
  }
  if (cursor) {
    const [at] = await queryPlain<Record<string, unknown>>(`SELECT "createdAt" FROM "User" WHERE "id" = ?`, [cursor]);
    if (!at) return [];
    // The column as stored: compared in the database's own spelling of the date.
    conditions.push(`("createdAt" > ? OR ("createdAt" = ? AND "id" >= ?))`);
    params.push(at.createdAt as string | Date, at.createdAt as string | Date, cursor);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "";
  const rows = await queryPlain<Record<string, unknown>>(
    `SELECT ${publicUserColumns} FROM "User" ${where} ORDER BY "createdAt" ASC, "id" ASC LIMIT ?`,
    [...params, take],
  );
  return rows.map((row) => readPublicUser(row));
}

export async function countUsers(): Promise<number> {
  return queryCount(`SELECT COUNT(*) AS "n" FROM "User"`);
}

export async function countActiveAdmins(): Promise<number> {
  return queryCount(`SELECT COUNT(*) AS "n" FROM "User" WHERE "role" = 'admin' AND "disabledAt" IS NULL`);
}

/**
 * Writes whichever of name, role and status are given (disabledAt null: enabled), in
 * one statement; false when the account is gone.
 */
export async function updateAccountFields(id: string, fields: { name?: string; role?: Role; disabledAt?: Date | null }): Promise<boolean> {
  const given = (["name", "role", "disabledAt"] as const).filter((column) => fields[column] !== undefined);
  const changed = await queryChanged(
    `UPDATE "User" SET ${given.map((column) => `"${column}" = ?, `).join("")}"updatedAt" = ? WHERE "id" = ? RETURNING "id"`,
    [...given.map((column) => fields[column] as string | Date | null), new Date(), id],
  );
  return changed === 1;
}

/** Deletes the account; its sessions, links, events and devices go with it (ON DELETE CASCADE). False when it was gone. */
export async function deleteUserRecord(id: string): Promise<boolean> {
  return (await queryChanged(`DELETE FROM "User" WHERE "id" = ? RETURNING "id"`, [id])) === 1;
}

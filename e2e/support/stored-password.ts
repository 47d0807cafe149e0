import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { TestServer } from "./server";

/** The password hash as stored, read past the app: from the SQLite file or the PostgreSQL database. */
export async function storedPasswordHash(server: TestServer, userId: string): Promise<string> {
  const url = server.env.DATABASE_URL!;
  if (!url.startsWith("postgres")) {
    const db = new Database(path.join(server.dataDir, "app.db"), { readonly: true });
    try {
      return (db.prepare(`SELECT passwordHash FROM "User" WHERE id = ?`).get(userId) as { passwordHash: string }).passwordHash;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(`SELECT "passwordHash" FROM "User" WHERE "id" = $1`, [userId])).rows[0].passwordHash;
  } finally {
    await client.end();
  }
}

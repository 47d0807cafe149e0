import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { Redis } from "ioredis";
import type { TestServer } from "./server";

// What a server has written, read past the app: its rate-limit counters (Redis or the
// RateLimitCounter table) and its security events, to show what a request cost.

/** Every rate-limit counter of the server, as key (without any Redis prefix) -> points. */
export async function readCounters(server: TestServer): Promise<Map<string, string>> {
  const { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix = "" } = server.env;
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    try {
      const counters = new Map<string, string>();
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}rate-limit*`, "COUNT", 1000);
        for (const key of keys) counters.set(key.slice(prefix.length), String(await redis.get(key)));
        cursor = next;
      } while (cursor !== "0");
      return counters;
    } finally {
      redis.disconnect();
    }
  }
  const rows = await query<{ key: string; points: number }>(server, `SELECT "key", "points" FROM "RateLimitCounter"`, []);
  return new Map(rows.map((row) => [row.key, String(row.points)]));
}

/** The security events of one account, by type. */
export async function countEvents(server: TestServer, userId: string, type: string): Promise<number> {
  const rows = await query<{ n: number | string }>(
    server,
    `SELECT COUNT(*) AS n FROM "SecurityEvent" WHERE "userId" = $1 AND "type" = $2`,
    [userId, type],
  );
  return Number(rows[0]!.n);
}

/** The keys written between two snapshots: new ones, and those whose points changed (not those that expired). */
export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((key) => before.get(key) !== after.get(key)).sort();
}

async function query<Row>(server: TestServer, sql: string, params: unknown[]): Promise<Row[]> {
  const url = server.env.DATABASE_URL ?? "";
  if (!url.startsWith("postgres")) {
    const db = new Database(path.join(server.dataDir, "app.db"), { readonly: true });
    try {
      return db.prepare(sql.replace(/\$\d+/g, "?")).all(...params) as Row[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Row[];
  } finally {
    await client.end();
  }
}

import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { Redis } from "ioredis";
import type { TestServer } from "./server";

// Everything a server has stored, read past the app, to show that some activity
// wrote nothing: every row of every table, and with Redis every key of the server's
// prefix with its value and expiry time. Two equal snapshots: no write changed anything.

const tables = ["User", "Session", "SecurityEvent", "KnownDevice", "AccountToken", "SignInChallenge", "RecoveryCode", "RateLimitCounter"];

export async function snapshotStore(server: TestServer): Promise<string> {
  const parts: Record<string, unknown> = { database: await snapshotDatabase(server) };
  if (server.env.REDIS_URL) parts.redis = await snapshotRedis(server.env.REDIS_URL, server.env.REDIS_KEY_PREFIX ?? "");
  return JSON.stringify(parts, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}

async function snapshotDatabase(server: TestServer): Promise<Record<string, unknown[]>> {
  const url = server.env.DATABASE_URL ?? "";
  const result: Record<string, unknown[]> = {};
  if (!url.startsWith("postgres")) {
    const db = new Database(path.join(server.dataDir, "app.db"), { readonly: true });
    try {
      for (const table of tables) result[table] = db.prepare(`SELECT * FROM "${table}" ORDER BY 1`).all();
    } finally {
      db.close();
    }
    return result;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of tables) result[table] = (await client.query(`SELECT * FROM "${table}" ORDER BY 1`)).rows;
  } finally {
    await client.end();
  }
  return result;
}

async function snapshotRedis(url: string, prefix: string): Promise<Record<string, [string | null, number]>> {
  const redis = new Redis(url);
  try {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
      keys.push(...found);
      cursor = next;
    } while (cursor !== "0");
    const result: Record<string, [string | null, number]> = {};
    for (const key of keys.sort()) {
      const dump = await redis.dumpBuffer(key);
      // PEXPIRETIME: the absolute expiry, unchanged unless something moved it.
      const expiresAt = Number(await redis.call("PEXPIRETIME", key));
      result[key] = [dump ? dump.toString("base64") : null, expiresAt];
    }
    return result;
  } finally {
    redis.disconnect();
  }
}

/** SQLite's own count of commits by other connections (PRAGMA data_version): unchanged means no write at all. */
export function watchSqliteCommits(server: TestServer): { changed(): boolean; close(): void } | null {
  if ((server.env.DATABASE_URL ?? "").startsWith("postgres")) return null;
  const db = new Database(path.join(server.dataDir, "app.db"), { readonly: true });
  const version = () => db.pragma("data_version", { simple: true }) as number;
  const start = version();
  return { changed: () => version() !== start, close: () => db.close() };
}

import { Redis } from "ioredis";
import pg from "pg";
import { call, registerUser } from "./api";
import type { TestServer } from "./server";

// Whether a server is answering from its session cache, seen from outside.

/** Deletes a user's sessions in the store itself, telling no instance. */
async function deleteSessionsBehindTheAppsBack(server: TestServer, userId: string) {
  const { SESSION_STORE, REDIS_URL, REDIS_KEY_PREFIX, DATABASE_URL } = server.env;
  if (SESSION_STORE === "redis") {
    const redis = new Redis(REDIS_URL!);
    const ids = await redis.zrange(`${REDIS_KEY_PREFIX}user-sessions:${userId}`, "0", "-1");
    if (ids.length > 0) await redis.del(...ids.map((id) => `${REDIS_KEY_PREFIX}session:${id}`));
    redis.disconnect();
  } else {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DELETE FROM "Session" WHERE "userId" = $1`, [userId]);
    await client.end();
  }
}

/** True when `server` answers from its cache: a session deleted behind its back still works there. */
export async function servesFromCache(server: TestServer): Promise<boolean> {
  const { cookie, user } = await registerUser(server.url);
  await call(server.url, "GET", "/api/auth/session", { cookie });
  await deleteSessionsBehindTheAppsBack(server, user.id);
  return (await call(server.url, "GET", "/api/auth/session", { cookie })).status === 200;
}

import crypto from "node:crypto";
import type { ChainableCommander } from "ioredis";
import { Redis } from "ioredis";
import { getConfig } from "./config";
import { log } from "./log";
import { onShutdown } from "./shutdown";

// The optional Redis of this process: one connection for commands, one for the
// invalidation channel (a subscribed connection can do nothing else).

export class RedisUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Redis is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "RedisUnavailableError";
  }
}

// How long a command may wait for a connection that is still being made (at
// start, or after Redis came back): past this, the caller fails closed.
const connectWaitMs = 2000;
// How long one command may take. A Redis that is paused or cut off by the network
// keeps its socket open; without a limit, requests would hang instead of failing.
export const commandTimeoutMs = 1500;

function connect(url: string, role: "commands" | "subscriber"): Redis {
  const redis = new Redis(url, {
    // A command during an outage fails at once instead of queueing: requests get
    // their 503 (or the fallback) now, not after a pile-up.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    // A command cut off by a lost connection has already failed its caller: never send it again later.
    autoResendUnfulfilledCommands: false,
    connectTimeout: connectWaitMs,
    // Reconnect for ever, at most every 2 s: the app recovers on its own when Redis returns.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    connectionName: `session-auth-${role}`,
    // The subscriber subscribes again on each "ready" itself, to know when it is listening.
    autoResubscribe: false,
  });
  // Log changes of state, not every failed reconnect.
  let state: "starting" | "up" | "down" = "starting";
  redis.on("ready", () => {
    state = "up";
    log.info("Redis connected", { role });
  });
  const down = (error: unknown) => {
    if (state === "down") return;
    state = "down";
    log.error("REDIS UNAVAILABLE", { role, error: String(error) });
  };
  redis.on("error", down);
  redis.on("close", () => {
    if (state === "up" && redis.status !== "end") down("connection lost");
  });
  return redis;
}

const shared = globalThis as unknown as { redis?: { commands?: Redis; subscriber?: Redis } };
shared.redis ??= {};
const connections = shared.redis;

function connection(role: "commands" | "subscriber"): Redis | null {
  const url = getConfig().redisUrl;
  if (!url) return null;
  if (!connections[role]) {
    connections[role] = connect(url, role);
    onShutdown("redis", closeRedis);
  }
  return connections[role];
}

/** The command connection, or null when REDIS_URL is not set. */
export const getRedis = () => connection("commands");

/** A second connection for SUBSCRIBE, or null when REDIS_URL is not set. */
export const getRedisSubscriber = () => connection("subscriber");

/**
 * The command connection once it is ready. Waits a moment for a connection in
 * progress (the first request after start); throws RedisUnavailableError otherwise.
 */
export async function readyRedis(): Promise<Redis> {
  const redis = getRedis();
  if (!redis) throw new RedisUnavailableError("REDIS_URL is not set");
  if (redis.status === "ready") return redis;
  // Between retries after a failure: answer now rather than hold the request.
  if (!["wait", "connecting", "connect"].includes(redis.status)) {
    throw new RedisUnavailableError(`not connected (${redis.status})`);
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off("ready", onReady);
      reject(new RedisUnavailableError(`not connected (${redis.status})`));
    }, connectWaitMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once("ready", onReady);
  });
  return redis;
}

/** Runs `work` on the ready connection; any failure surfaces as RedisUnavailableError (a 503 to the caller). */
export async function withRedis<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
  try {
    return await work(await readyRedis());
  } catch (error) {
    throw error instanceof RedisUnavailableError ? error : new RedisUnavailableError(error);
  }
}

/** Runs a MULTI or pipeline and returns each command's result; any failed command fails the whole call. */
export async function execute(multi: ChainableCommander): Promise<unknown[]> {
  const results = await multi.exec();
  if (!results) throw new Error("transaction aborted");
  return results.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}

export type RedisScript = { source: string; sha: string };

/** A Lua script, sent by its SHA-1 (EVALSHA) so that a busy path does not resend its text every time. */
export function redisScript(source: string): RedisScript {
  return { source, sha: crypto.createHash("sha1").update(source).digest("hex") };
}

/** Runs `script` on `keys` and `args`; a Redis that has not seen it yet (NOSCRIPT) gets its text once. */
export async function runScript(redis: Redis, script: RedisScript, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}

/** Readiness: a real round trip to Redis. */
export async function checkRedis(): Promise<void> {
  const redis = await readyRedis();
  await redis.ping();
}

/** Redis's name for a key of ours: every key and channel carries REDIS_KEY_PREFIX. */
export function redisKey(...parts: string[]): string {
  return getConfig().redisKeyPrefix + parts.join(":");
}

async function closeRedis(): Promise<void> {
  const { commands, subscriber } = connections;
  connections.commands = undefined;
  connections.subscriber = undefined;
  await Promise.allSettled(
    [commands, subscriber].map(async (redis) => {
      if (!redis) return;
      // QUIT lets replies in flight arrive, for a moment; a Redis that is down gets disconnected.
      if (redis.status === "ready") {
        await Promise.race([redis.quit(), new Promise((resolve) => setTimeout(resolve, commandTimeoutMs))]);
      }
      redis.disconnect();
    }),
  );
}

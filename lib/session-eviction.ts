import { getConfig } from "./config";
import { log } from "./log";
import { commandTimeoutMs, getRedisSubscriber, readyRedis, redisKey } from "./redis";
import { forgetAllCachedSessions, forgetCachedSession, forgetCachedUser } from "./session-cache";

// Cached sessions of every instance, evicted together. A logout, revocation,
// password change or account change evicts this instance's entries at once and
// publishes the eviction on Redis, where every other instance listens. While an
// instance cannot listen, evictions could pass it by, so it serves no session
// from its cache until it listens again (and then starts from an empty cache).

type Eviction = { session?: string; user?: string };

const shared = globalThis as unknown as { sessionEviction?: { listening: boolean; started: boolean } };
shared.sessionEviction ??= { listening: false, started: false };
const state = shared.sessionEviction;

const channel = () => redisKey("session-evictions");

/** Ends the cached life of one session, here and on every instance. */
export async function evictSession(sessionId: string): Promise<void> {
  forgetCachedSession(sessionId);
  await publish({ session: sessionId });
}

/** Ends the cached life of every session of a user, here and on every instance. */
export async function evictUser(userId: string): Promise<void> {
  forgetCachedUser(userId);
  await publish({ user: userId });
}

async function publish(eviction: Eviction): Promise<void> {
  if (!getConfig().redisUrl) return;
  try {
    const redis = await readyRedis();
    await redis.publish(channel(), JSON.stringify(eviction));
  } catch (error) {
    // Instances that share this outage have their caches off; any other sees the
    // change within SESSION_CACHE_TTL.
    log.error("could not publish a session eviction", { error: String(error) });
  }
}

/**
 * How long this instance may serve a validated session from memory now:
 * SESSION_CACHE_TTL, or 0 while evictions from other instances cannot reach it.
 */
export function sessionCacheTtlMs(): number {
  const { sessionCacheTtlMs: ttl, redisUrl } = getConfig();
  if (ttl === 0 || !redisUrl) return ttl;
  listenForEvictions();
  return state.listening ? ttl : 0;
}

/** Subscribes to other instances' evictions (once per process; nothing without REDIS_URL). */
export function listenForEvictions(): void {
  if (state.started) return;
  const subscriber = getRedisSubscriber();
  if (!subscriber) return;
  state.started = true;
  subscriber.on("ready", () => {
    subscriber
      .subscribe(channel())
      .then(() => {
        forgetAllCachedSessions();
        state.listening = true;
      })
      .catch((error: unknown) => log.error("could not subscribe to session evictions", { error: String(error) }));
  });
  subscriber.on("close", () => {
    state.listening = false;
  });
  // A Redis that is paused or cut off by the network closes nothing: ask it regularly,
  // and reconnect (subscribing afresh, from an empty cache) when it does not answer.
  setInterval(() => {
    if (!state.listening) return;
    subscriber.ping().catch(() => {
      if (!state.listening) return;
      state.listening = false;
      log.error("REDIS UNAVAILABLE", { role: "subscriber", error: "no answer to PING" });
      subscriber.disconnect(true);
    });
  }, commandTimeoutMs).unref();
  subscriber.on("message", (from: string, message: string) => {
    if (from !== channel()) return;
    try {
      const eviction = JSON.parse(message) as Eviction;
      if (typeof eviction.session === "string") forgetCachedSession(eviction.session);
      if (typeof eviction.user === "string") forgetCachedUser(eviction.user);
    } catch {
      log.warn("ignored a malformed session eviction");
    }
  });
}

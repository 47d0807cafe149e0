import { getConfig } from "@/lib/config";
import { checkDb } from "@/lib/db";
import { serviceUnavailable } from "@/lib/errors";
import { json, route } from "@/lib/http";
import { log } from "@/lib/log";
import { checkRedis } from "@/lib/redis";

export const dynamic = "force-dynamic";

// Readiness: 200 only after a real read from the database, and a round trip to
// Redis when sessions live there. A Redis that only carries limits and evictions
// may be down: the app then runs on its fallback and says "degraded".
export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    try {
      await checkDb();
    } catch (error) {
      log.error("readiness check failed", { error: String(error) });
      throw serviceUnavailable();
    }
    const { redisUrl, sessionStore } = getConfig();
    if (!redisUrl) return json({ status: "ok" });
    try {
      await checkRedis();
      return json({ status: "ok", redis: "ok" });
    } catch (error) {
      log.error("readiness check: Redis unavailable", { error: String(error) });
      if (sessionStore === "redis") throw serviceUnavailable();
      return json({ status: "degraded", redis: "unavailable" });
    }
  },
});

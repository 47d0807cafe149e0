import { getConfig } from "./config";
import { log } from "./log";
import { purgeExpiredSessions } from "./session";

/** Deletes expired sessions every SESSION_PURGE_INTERVAL seconds, in batches, off the request path. */
export function startSessionPurge(): void {
  const intervalSeconds = getConfig().sessionPurgeIntervalSeconds;
  if (intervalSeconds === 0) return;
  const purge = async () => {
    try {
      const deleted = await purgeExpiredSessions();
      if (deleted > 0) log.info("purged expired sessions", { deleted });
    } catch (error) {
      log.error("session purge failed", { error: String(error) });
    }
  };
  setInterval(purge, intervalSeconds * 1000).unref();
}

import { getConfig } from "./config";
import { log } from "./log";
import { purgeExpiredPendingRegistrations } from "./pending-registration";
import { purgeExpiredSessions } from "./session";
import { purgeExpiredSignInChallenges } from "./sign-in-challenge";

/** Deletes expired sessions (and lapsed two-factor sign-ins and pending registrations) every SESSION_PURGE_INTERVAL seconds, in batches, off the request path. */
export function startSessionPurge(): void {
  const intervalSeconds = getConfig().sessionPurgeIntervalSeconds;
  if (intervalSeconds === 0) return;
  const purge = async () => {
    try {
      const deleted = await purgeExpiredSessions();
      if (deleted > 0) log.info("purged expired sessions", { deleted });
      const challenges = await purgeExpiredSignInChallenges();
      if (challenges > 0) log.info("purged lapsed two-factor sign-ins", { deleted: challenges });
      const registrations = await purgeExpiredPendingRegistrations();
      if (registrations > 0) log.info("purged lapsed pending registrations", { deleted: registrations });
    } catch (error) {
      log.error("session purge failed", { error: String(error) });
    }
  };
  setInterval(purge, intervalSeconds * 1000).unref();
}

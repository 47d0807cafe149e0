import { readHashingQueueLoad } from "@/lib/hashing-queue";
import { route } from "@/lib/http";
import { log } from "@/lib/log";
import { assertMetricsAccess } from "@/lib/metrics-access";
import { metricsContentType, renderMetrics } from "@/lib/metrics";
import { countActiveSessions } from "@/lib/session";

export const dynamic = "force-dynamic";

// Prometheus text format (docs/metrics.md), for loopback clients or METRICS_TOKEN holders.
export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async (request) => {
    assertMetricsAccess(request.headers);
    const body = await renderMetrics({ activeSessions: await readActiveSessions(), hashingQueue: readHashingQueueLoad() });
    return new Response(body, { headers: { "Content-Type": metricsContentType, "Cache-Control": "no-store" } });
  },
});

/** Null when the store does not answer: the metrics are wanted most during an outage. */
async function readActiveSessions(): Promise<number | null> {
  try {
    return await countActiveSessions();
  } catch (error) {
    log.error("metrics: could not count active sessions", { error: String(error) });
    return null;
  }
}

import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { errors } from "@/lib/openapi";

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Prometheus metrics (loopback clients, or Authorization: Bearer METRICS_TOKEN)",
    description:
      "Sign-ins by outcome, throttled attempts, active sessions, the hashing line, session-store latency and the session " +
      "cache, in the Prometheus text format (docs/metrics.md). Anyone else gets the 404 of an unknown API path.",
    security: [{ metricsToken: [] }, {}],
    responses: {
      200: { description: "Prometheus text format", content: { "text/plain; version=0.0.4; charset=utf-8": { schema: z.string() } } },
      ...errors(404),
    },
  },
};

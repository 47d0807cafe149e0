import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { errors, respond } from "@/lib/openapi";

const health = z.object({
  status: z
    .enum(["ok", "degraded"])
    .meta({ description: "`degraded`: Redis carries only limits and evictions and is down; the app works on its fallback." }),
  redis: z.enum(["ok", "unavailable"]).optional().meta({ description: "Present when REDIS_URL is set." }),
});

export const contract: ZodOpenApiPathItemObject = {
  get: {
    summary: "Readiness (reads the database; pings Redis when configured)",
    responses: { 200: respond("Ready", health), ...errors(503) },
  },
};

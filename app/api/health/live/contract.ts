import { z } from "zod";
import type { ZodOpenApiPathItemObject } from "zod-openapi";
import { respond } from "@/lib/openapi";

const ok = z.object({ status: z.literal("ok") });

export const contract: ZodOpenApiPathItemObject = {
  get: { summary: "Liveness (no I/O)", responses: { 200: respond("Alive", ok) } },
};

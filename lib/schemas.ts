import { z } from "zod";

// Path and query schemas shared by route handlers and the OpenAPI document.

export const userIdParams = z.object({ id: z.string().min(1).max(64) });
export const sessionIdParams = z.object({ id: z.string().min(1).max(64) });

export const activityQuery = z.object({
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

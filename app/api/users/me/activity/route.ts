import { z } from "zod";
import { requireAuthentication } from "@/lib/current-session";
import { json, parseInput, queryObject, route } from "@/lib/http";
import { listSecurityEvents } from "@/lib/security-events";

export const dynamic = "force-dynamic";

const query = z.object({
  cursor: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async (request) => {
    const { user } = await requireAuthentication();
    const { cursor, limit } = parseInput(query, queryObject(request.nextUrl.searchParams));
    return json(await listSecurityEvents(user.id, { cursor, limit }));
  },
});

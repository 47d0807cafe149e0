import { requireApiUser } from "@/lib/require-user";
import { json, parseInput, queryObject, route } from "@/lib/http";
import { activityQuery } from "@/lib/schemas";
import { listSecurityEvents } from "@/lib/security-events";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async (request) => {
    const { user } = await requireApiUser();
    const { cursor, limit } = parseInput(activityQuery, queryObject(request.nextUrl.searchParams));
    return json(await listSecurityEvents(user.id, { cursor, limit }));
  },
});

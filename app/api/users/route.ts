import { listUsers, listUsersQuery, requireAdmin } from "@/lib/admin";
import { requireAuthentication } from "@/lib/current-session";
import { json, parseInput, queryObject, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async (request) => {
    requireAdmin(await requireAuthentication());
    return json(await listUsers(parseInput(listUsersQuery, queryObject(request.nextUrl.searchParams))));
  },
});

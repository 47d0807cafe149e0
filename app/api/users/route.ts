import { listUsers, listUsersQuery } from "@/lib/admin";
import { requireApiUser } from "@/lib/require-user";
import { json, parseInput, queryObject, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async (request) => {
    await requireApiUser({ role: "admin" });
    return json(await listUsers(parseInput(listUsersQuery, queryObject(request.nextUrl.searchParams))));
  },
});

import { getStats, requireAdmin } from "@/lib/admin";
import { requireAuthentication } from "@/lib/current-session";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    requireAdmin(await requireAuthentication());
    return json(await getStats());
  },
});

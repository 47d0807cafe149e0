import { getStats } from "@/lib/admin";
import { requireApiUser } from "@/lib/require-user";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    await requireApiUser({ role: "admin" });
    return json(await getStats());
  },
});

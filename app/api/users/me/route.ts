import { requireAuthentication } from "@/lib/current-session";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    const { user } = await requireAuthentication();
    return json({ user });
  },
});

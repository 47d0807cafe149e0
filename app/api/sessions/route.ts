import { listUserSessions } from "@/lib/account-sessions";
import { requireAuthentication } from "@/lib/current-session";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => json({ sessions: await listUserSessions(await requireAuthentication()) }),
});

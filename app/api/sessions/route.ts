import { listUserSessions } from "@/lib/account-sessions";
import { requireApiUser } from "@/lib/require-user";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => json({ sessions: await listUserSessions(await requireApiUser()) }),
});

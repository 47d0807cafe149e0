import { endOtherUserSessions } from "@/lib/account-sessions";
import { getClientInfo, requireAuthentication } from "@/lib/current-session";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async () => {
    const current = await requireAuthentication();
    return json({ revoked: await endOtherUserSessions(current, await getClientInfo()) });
  },
});

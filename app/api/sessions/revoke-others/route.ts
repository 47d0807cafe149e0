import { revokeOtherSessions } from "@/lib/account-sessions";
import { getClientInfo } from "@/lib/request-session";
import { requireApiUser } from "@/lib/require-user";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async () => {
    const current = await requireApiUser();
    return json({ revoked: await revokeOtherSessions(current, await getClientInfo()) });
  },
});

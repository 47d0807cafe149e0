import { updateOwnProfileInput } from "@/lib/admin";
import { getClientInfo } from "@/lib/request-session";
import { requireApiUser } from "@/lib/require-user";
import { json, readJson, route } from "@/lib/http";
import { recordSecurityEvent } from "@/lib/security-events";
import { reloadUserSessions } from "@/lib/session";
import { updateUserName } from "@/lib/user";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    const { user } = await requireApiUser();
    return json({ user });
  },
  // Only the name: role and status are for administrators (unknown fields are refused).
  PATCH: async (request) => {
    const { user } = await requireApiUser();
    const { name } = await readJson(request, updateOwnProfileInput);
    const updated = await updateUserName(user.id, name);
    await reloadUserSessions(user.id);
    if (name !== user.name) await recordSecurityEvent("name_changed", user.id, await getClientInfo());
    return json({ user: updated });
  },
});

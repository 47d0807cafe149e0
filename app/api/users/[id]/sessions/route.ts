import { revokeUserSessionsAsAdmin } from "@/lib/admin";
import { requireAdminChange } from "@/lib/admin-access";
import { getClientInfo } from "@/lib/request-session";
import { json, parseInput, route } from "@/lib/http";
import { userIdParams } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  DELETE: async (_request, context) => {
    const actor = await requireAdminChange();
    const { id } = parseInput(userIdParams, await context.params);
    return json({ revoked: await revokeUserSessionsAsAdmin(actor, id, await getClientInfo()) });
  },
});

import { unlockAccount } from "@/lib/account-lock";
import { requireAdmin } from "@/lib/admin";
import { getClientInfo, requireAuthentication } from "@/lib/current-session";
import { json, parseInput, route } from "@/lib/http";
import { userIdParams } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (_request, context) => {
    const { user: actor } = requireAdmin(await requireAuthentication());
    const { id } = parseInput(userIdParams, await context.params);
    return json({ lock: await unlockAccount(id, actor.id, await getClientInfo()) });
  },
});

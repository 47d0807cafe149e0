import { unlockAccount } from "@/lib/account-lock";
import { requireAdminChange } from "@/lib/admin-access";
import { getClientInfo } from "@/lib/request-session";
import { json, parseInput, route } from "@/lib/http";
import { userIdParams } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (_request, context) => {
    const actor = await requireAdminChange();
    const { id } = parseInput(userIdParams, await context.params);
    return json({ lock: await unlockAccount(id, actor, await getClientInfo()) });
  },
});

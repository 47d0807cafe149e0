import { deleteUser, getUserDetail, requireAdmin, updateUser, updateUserInput } from "@/lib/admin";
import { requireAdminChange } from "@/lib/admin-access";
import { getClientInfo, requireAuthentication } from "@/lib/current-session";
import { json, noContent, parseInput, readJson, route } from "@/lib/http";
import { userIdParams } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async (_request, context) => {
    requireAdmin(await requireAuthentication());
    const { id } = parseInput(userIdParams, await context.params);
    const { user } = await getUserDetail(id);
    return json({ user });
  },
  PATCH: async (request, context) => {
    const actor = await requireAdminChange();
    const { id } = parseInput(userIdParams, await context.params);
    const changes = await readJson(request, updateUserInput);
    return json({ user: await updateUser(actor, id, changes, await getClientInfo()) });
  },
  DELETE: async (_request, context) => {
    const actor = await requireAdminChange();
    const { id } = parseInput(userIdParams, await context.params);
    await deleteUser(actor, id, await getClientInfo());
    return noContent();
  },
});

import { deleteUser, getUserDetail, updateUser, updateUserInput } from "@/lib/admin";
import { requireAdminChange } from "@/lib/admin-access";
import { getClientInfo } from "@/lib/request-session";
import { requireApiUser } from "@/lib/require-user";
import { json, noContent, parseInput, readJson, route } from "@/lib/http";
import { userIdParams } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async (_request, context) => {
    await requireApiUser({ role: "admin" });
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

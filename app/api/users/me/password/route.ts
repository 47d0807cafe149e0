import { changePassword, changePasswordInput } from "@/lib/auth";
import { getClientInfo, requireAuthentication, rotateCurrentSession } from "@/lib/current-session";
import { noContent, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireAuthentication();
    const input = await readJson(request, changePasswordInput);
    await changePassword(current.user.id, input, await getClientInfo());
    await rotateCurrentSession(current);
    return noContent();
  },
});

import { changePasswordInput } from "@/lib/auth";
import { changeOwnPassword } from "@/lib/account-changes";
import { requireAuthentication } from "@/lib/current-session";
import { noContent, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireAuthentication();
    await changeOwnPassword(current, await readJson(request, changePasswordInput));
    return noContent();
  },
});

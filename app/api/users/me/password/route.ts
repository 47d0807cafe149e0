import { changePasswordInput } from "@/lib/auth";
import { changeOwnPassword } from "@/lib/account-changes";
import { requireApiUser } from "@/lib/require-user";
import { noContent, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireApiUser();
    await changeOwnPassword(current, await readJson(request, changePasswordInput));
    return noContent();
  },
});

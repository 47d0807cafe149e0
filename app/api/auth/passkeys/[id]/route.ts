import { json, noContent, readJson, route } from "@/lib/http";
import { renameOwnPasskey, removeOwnPasskey } from "@/lib/passkey-changes";
import { renamePasskeyInput } from "@/lib/passkey-list";
import { requireApiUser } from "@/lib/require-user";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  PATCH: async (request, context) => {
    const current = await requireApiUser();
    const { id } = await context.params;
    return json({ passkey: await renameOwnPasskey(current, id!, await readJson(request, renamePasskeyInput)) });
  },
  // A credential change: every session ends, and this client continues on the new one in the response's cookie.
  DELETE: async (_request, context) => {
    const current = await requireApiUser();
    const { id } = await context.params;
    await removeOwnPasskey(current, id!);
    return noContent();
  },
});

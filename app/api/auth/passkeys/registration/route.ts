import { json, readJson, route } from "@/lib/http";
import { finishAddingPasskey } from "@/lib/passkey-changes";
import { addPasskeyInput } from "@/lib/passkey-schemas";
import { requireApiUser } from "@/lib/require-user";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireApiUser();
    const { credential } = await readJson(request, addPasskeyInput);
    return json({ passkey: await finishAddingPasskey(current, credential) }, { status: 201 });
  },
});

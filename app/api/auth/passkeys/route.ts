import { json, route } from "@/lib/http";
import { listPasskeys } from "@/lib/passkey-list";
import { requireApiUser } from "@/lib/require-user";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    const { user } = await requireApiUser();
    return json({ passkeys: await listPasskeys(user.id) });
  },
});

import { json, route } from "@/lib/http";
import { startAddingPasskey } from "@/lib/passkey-changes";
import { requireApiUser } from "@/lib/require-user";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async () => json(await startAddingPasskey(await requireApiUser())),
});

import { json, route } from "@/lib/http";
import { startPasskeyStepUp } from "@/lib/passkey-step-up";
import { requireApiUser } from "@/lib/require-user";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async () => json(await startPasskeyStepUp(await requireApiUser())),
});

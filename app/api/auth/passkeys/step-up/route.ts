import { json, readJson, route } from "@/lib/http";
import { stepUpWithPasskey } from "@/lib/passkey-step-up";
import { passkeySecondFactorInput } from "@/lib/passkey-schemas";
import { requireApiUser } from "@/lib/require-user";
import { describeSession } from "@/lib/session-view";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireApiUser();
    const session = await stepUpWithPasskey(current, await readJson(request, passkeySecondFactorInput));
    return json({ session: describeSession(session, session.id) });
  },
});

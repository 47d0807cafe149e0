import { json, readJson, route } from "@/lib/http";
import { finishPasskeySecondFactor } from "@/lib/passkey-sign-in";
import { passkeySecondFactorInput } from "@/lib/passkey-schemas";
import { describeSession } from "@/lib/session-view";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const { user, session } = await finishPasskeySecondFactor(await readJson(request, passkeySecondFactorInput));
    return json({ user, session: describeSession(session, session.id) });
  },
});

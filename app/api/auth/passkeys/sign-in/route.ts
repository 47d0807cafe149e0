import { json, readJson, route } from "@/lib/http";
import { finishPasskeySignIn } from "@/lib/passkey-sign-in";
import { passkeySignInInput } from "@/lib/passkey-schemas";
import { describeSession } from "@/lib/session-view";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const { user, session } = await finishPasskeySignIn(await readJson(request, passkeySignInInput));
    return json({ user, session: describeSession(session, session.id) });
  },
});

import { loginInput } from "@/lib/auth";
import { signIn } from "@/lib/current-session";
import { json, readJson, route } from "@/lib/http";
import { describeSession } from "@/lib/session-view";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const { user, session } = await signIn(await readJson(request, loginInput));
    return json({ user, session: describeSession(session, session.id) });
  },
});

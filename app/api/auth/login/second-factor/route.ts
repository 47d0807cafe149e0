import { completeSignIn } from "@/lib/sign-in";
import { json, readJson, route } from "@/lib/http";
import { describeSession } from "@/lib/session-view";
import { secondFactorInput } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const { user, session } = await completeSignIn(await readJson(request, secondFactorInput));
    return json({ user, session: describeSession(session, session.id) });
  },
});

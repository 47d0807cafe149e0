import { loginInput } from "@/lib/auth";
import { signIn } from "@/lib/sign-in";
import { json, readJson, route } from "@/lib/http";
import { describeSession } from "@/lib/session-view";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const result = await signIn(await readJson(request, loginInput));
    // Two-factor accounts: no session yet, a code must follow (POST /api/auth/login/second-factor).
    if ("secondFactorRequired" in result) return json(result);
    return json({ user: result.user, session: describeSession(result.session, result.session.id) });
  },
});

import { loginInput, verifyCredentials } from "@/lib/auth";
import { getClientInfo, startSession } from "@/lib/current-session";
import { json, readJson, route } from "@/lib/http";
import { recordSecurityEvent } from "@/lib/security-events";
import { describeSession } from "@/lib/session-view";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const input = await readJson(request, loginInput);
    const client = await getClientInfo();
    const user = await verifyCredentials(input, client);
    const session = await startSession(user.id, input.remember ?? false);
    await recordSecurityEvent("login_succeeded", user.id, client);
    return json({ user, session: describeSession(session, session.id) });
  },
});

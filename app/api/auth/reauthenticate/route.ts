import { reauthenticateInput } from "@/lib/auth";
import { requireApiUser } from "@/lib/require-user";
import { reauthenticate } from "@/lib/sign-in";
import { json, readJson, route } from "@/lib/http";
import { describeSession } from "@/lib/session-view";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireApiUser();
    const { password } = await readJson(request, reauthenticateInput);
    const session = await reauthenticate(current, password);
    return json({ session: describeSession(session, session.id) });
  },
});

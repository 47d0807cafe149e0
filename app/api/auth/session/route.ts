import { requireApiUser } from "@/lib/require-user";
import { json, route } from "@/lib/http";
import { describeSession } from "@/lib/session-view";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    const { user, session } = await requireApiUser();
    return json({ user, session: describeSession(session, session.id) });
  },
});

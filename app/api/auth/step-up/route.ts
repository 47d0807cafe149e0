import { json, readJson, route } from "@/lib/http";
import { requireApiUser } from "@/lib/require-user";
import { describeSession } from "@/lib/session-view";
import { stepUpWithCode } from "@/lib/step-up";
import { secondFactorInput } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireApiUser();
    const input = await readJson(request, secondFactorInput);
    const session = await stepUpWithCode(current, input);
    return json({ session: describeSession(session, session.id) });
  },
});

import { getClientInfo } from "@/lib/request-session";
import { requireApiUser } from "@/lib/require-user";
import { requireFreshSignIn } from "@/lib/sign-in";
import { json, readJson, route } from "@/lib/http";
import { regenerateRecoveryCodes, secondFactorInput } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireApiUser();
    requireFreshSignIn(current);
    const input = await readJson(request, secondFactorInput);
    return json({ recoveryCodes: await regenerateRecoveryCodes(current.user, input, await getClientInfo()) });
  },
});

import { getClientInfo, requireAuthentication, requireFreshSignIn } from "@/lib/current-session";
import { json, readJson, route } from "@/lib/http";
import { enableTwoFactor, secondFactorInput } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireAuthentication();
    requireFreshSignIn(current);
    const input = await readJson(request, secondFactorInput);
    return json({ recoveryCodes: await enableTwoFactor(current.user, input, await getClientInfo()) });
  },
});

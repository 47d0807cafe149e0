import { turnOnTwoFactor } from "@/lib/account-changes";
import { requireAuthentication } from "@/lib/current-session";
import { requireFreshSignIn } from "@/lib/sign-in";
import { json, readJson, route } from "@/lib/http";
import { secondFactorInput } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireAuthentication();
    requireFreshSignIn(current);
    const input = await readJson(request, secondFactorInput);
    // Every other session ends; this client continues on a new one (a new cookie).
    return json({ recoveryCodes: await turnOnTwoFactor(current, input) });
  },
});

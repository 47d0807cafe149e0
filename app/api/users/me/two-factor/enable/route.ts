import { turnOnTwoFactor } from "@/lib/account-changes";
import { requireApiUser } from "@/lib/require-user";
import { requireFreshSignIn } from "@/lib/sign-in";
import { json, readJson, route } from "@/lib/http";
import { secondFactorInput } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const current = await requireApiUser();
    requireFreshSignIn(current);
    const input = await readJson(request, secondFactorInput);
    // Every other session ends; this client continues on a new one (a new cookie).
    return json({ recoveryCodes: await turnOnTwoFactor(current, input) });
  },
});

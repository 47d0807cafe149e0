import { getClientInfo } from "@/lib/request-session";
import { requireApiUser } from "@/lib/require-user";
import { requireFreshSignIn } from "@/lib/sign-in";
import { json, route } from "@/lib/http";
import { startTwoFactorSetup } from "@/lib/two-factor-setup";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async () => {
    const current = await requireApiUser();
    requireFreshSignIn(current);
    return json(await startTwoFactorSetup(current.user, await getClientInfo()));
  },
});

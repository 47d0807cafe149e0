import { getClientInfo, requireAuthentication } from "@/lib/current-session";
import { noContent, readJson, route } from "@/lib/http";
import { disableTwoFactor, disableTwoFactorInput } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  // The password and a code are asked every time, however recent the sign-in.
  POST: async (request) => {
    const { user } = await requireAuthentication();
    await disableTwoFactor(user, await readJson(request, disableTwoFactorInput), await getClientInfo());
    return noContent();
  },
});

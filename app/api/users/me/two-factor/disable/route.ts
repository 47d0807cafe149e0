import { turnOffTwoFactor } from "@/lib/account-changes";
import { requireApiUser } from "@/lib/require-user";
import { noContent, readJson, route } from "@/lib/http";
import { disableTwoFactorInput } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  // The password and a code are asked every time, however recent the sign-in.
  POST: async (request) => {
    // Every other session ends; this client continues on a new one (a new cookie).
    const current = await requireApiUser();
    await turnOffTwoFactor(current, await readJson(request, disableTwoFactorInput));
    return noContent();
  },
});

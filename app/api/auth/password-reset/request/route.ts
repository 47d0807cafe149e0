import { getClientInfo } from "@/lib/request-session";
import { json, readJson, route } from "@/lib/http";
import { passwordResetRequested, requestPasswordReset, requestPasswordResetInput } from "@/lib/password-reset";

export const dynamic = "force-dynamic";

// The same 202 and body whether or not the account exists.
export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    await requestPasswordReset(await readJson(request, requestPasswordResetInput), await getClientInfo());
    return json({ message: passwordResetRequested }, { status: 202 });
  },
});

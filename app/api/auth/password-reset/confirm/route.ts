import { getClientInfo } from "@/lib/request-session";
import { noContent, readJson, route } from "@/lib/http";
import { confirmPasswordReset, confirmPasswordResetInput } from "@/lib/password-reset";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    await confirmPasswordReset(await readJson(request, confirmPasswordResetInput), await getClientInfo());
    return noContent();
  },
});

import { getClientInfo } from "@/lib/request-session";
import { confirmEmailVerification, confirmEmailVerificationInput } from "@/lib/email-verification";
import { noContent, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// No session needed: the link may be opened on another device.
export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    await confirmEmailVerification(await readJson(request, confirmEmailVerificationInput), await getClientInfo());
    return noContent();
  },
});

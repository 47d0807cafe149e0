import { getClientInfo } from "@/lib/current-session";
import { confirmEmailChange, confirmEmailChangeInput } from "@/lib/email-change";
import { noContent, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// No session needed: the link may be opened on another device.
export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    await confirmEmailChange(await readJson(request, confirmEmailChangeInput), await getClientInfo());
    return noContent();
  },
});

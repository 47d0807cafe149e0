import { followEmailChangeLink } from "@/lib/account-changes";
import { confirmEmailChangeInput } from "@/lib/email-change";
import { noContent, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

// No session needed: the link may be opened on another device. Every session of the
// account ends; a client signed in to it continues on a new one (a new cookie).
export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    await followEmailChangeLink(await readJson(request, confirmEmailChangeInput));
    return noContent();
  },
});

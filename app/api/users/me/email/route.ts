import { getClientInfo } from "@/lib/request-session";
import { requireApiUser } from "@/lib/require-user";
import { emailChangeRequested, requestEmailChange, requestEmailChangeInput } from "@/lib/email-change";
import { json, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  // The password is asked every time, however recent the sign-in.
  POST: async (request) => {
    const { user } = await requireApiUser();
    const input = await readJson(request, requestEmailChangeInput);
    await requestEmailChange(user, input, await getClientInfo());
    return json({ message: emailChangeRequested(input.newEmail) }, { status: 202 });
  },
});

import { registerAccount, registerInput } from "@/lib/auth";
import { getClientInfo, startSession } from "@/lib/current-session";
import { json, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async (request) => {
    const input = await readJson(request, registerInput);
    const user = await registerAccount(input, await getClientInfo());
    await startSession(user.id, false);
    return json({ user }, { status: 201 });
  },
});

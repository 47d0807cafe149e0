import { revokeOwnSession } from "@/lib/account-sessions";
import { getClientInfo } from "@/lib/request-session";
import { requireApiUser } from "@/lib/require-user";
import { noContent, parseInput, route } from "@/lib/http";
import { sessionIdParams } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  DELETE: async (_request, context) => {
    const current = await requireApiUser();
    const { id } = parseInput(sessionIdParams, await context.params);
    await revokeOwnSession(current, id, await getClientInfo());
    return noContent();
  },
});

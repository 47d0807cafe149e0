import { z } from "zod";
import { endUserSession } from "@/lib/account-sessions";
import { getClientInfo, requireAuthentication } from "@/lib/current-session";
import { noContent, parseInput, route } from "@/lib/http";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().min(1).max(64) });

export const { GET, POST, PUT, PATCH, DELETE } = route({
  DELETE: async (_request, context) => {
    const current = await requireAuthentication();
    const { id } = parseInput(params, await context.params);
    await endUserSession(current, id, await getClientInfo());
    return noContent();
  },
});

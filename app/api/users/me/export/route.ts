import { accountExportRequirements, exportAccount } from "@/lib/account-export";
import { json, route } from "@/lib/http";
import { requireApiUser } from "@/lib/require-user";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    // A weaker or older sign-in: 403 step_up_required, and POST /api/auth/step-up gives it.
    const current = await requireApiUser(accountExportRequirements);
    return json(await exportAccount(current));
  },
});

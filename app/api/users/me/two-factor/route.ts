import { requireApiUser } from "@/lib/require-user";
import { json, route } from "@/lib/http";
import { getTwoFactorStatus } from "@/lib/two-factor";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => {
    const { user } = await requireApiUser();
    return json({ twoFactor: await getTwoFactorStatus(user.id) });
  },
});

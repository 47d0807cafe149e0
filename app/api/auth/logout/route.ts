import { endCurrentSession } from "@/lib/request-session";
import { noContent, route } from "@/lib/http";
import { signOutHeaders } from "@/lib/session-cookie";

export const dynamic = "force-dynamic";

// POST only: a link or an image must not be able to sign anyone out.
export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async () => {
    await endCurrentSession();
    return noContent(signOutHeaders);
  },
});

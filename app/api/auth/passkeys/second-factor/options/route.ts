import { json, route } from "@/lib/http";
import { startPasskeySecondFactor } from "@/lib/passkey-sign-in";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  POST: async () => json(await startPasskeySecondFactor()),
});

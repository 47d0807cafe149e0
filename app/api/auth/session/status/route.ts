import { cookies } from "next/headers";
import { json, route } from "@/lib/http";
import { sessionCookieName } from "@/lib/session-cookie";
import { readSessionStatus } from "@/lib/session-status";

export const dynamic = "force-dynamic";

// Polled by every open tab about once a second: reads only (lib/session-status.ts).
export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => json(await readSessionStatus((await cookies()).get(sessionCookieName())?.value)),
});

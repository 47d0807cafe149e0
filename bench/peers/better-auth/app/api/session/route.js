import { headers } from "next/headers";
import { auth } from "../../../auth.mjs";

export const dynamic = "force-dynamic";

export async function GET() {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session) return Response.json({ error: "unauthenticated" }, { status: 401 });
  return Response.json({ user: { id: session.user.id, email: session.user.email }, expiresAt: session.session.expiresAt });
}

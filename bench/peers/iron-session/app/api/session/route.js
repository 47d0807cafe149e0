import { getSession } from "../../../session.mjs";

export const dynamic = "force-dynamic";

export async function GET() {
  const session = await getSession();
  if (!session.userId) return Response.json({ error: "unauthenticated" }, { status: 401 });
  return Response.json({ user: { id: session.userId, email: session.email } });
}

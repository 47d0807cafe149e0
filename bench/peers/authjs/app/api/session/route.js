import { auth } from "../../../auth.mjs";

export const dynamic = "force-dynamic";

export async function GET() {
  const session = await auth();
  if (!session?.user) return Response.json({ error: "unauthenticated" }, { status: 401 });
  return Response.json({ user: session.user, expires: session.expires });
}

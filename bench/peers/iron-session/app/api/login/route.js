import { checkPassword } from "../../../../shared/users.mjs";
import { getSession } from "../../../session.mjs";

export async function POST(request) {
  const { email, password } = await request.json();
  const user = await checkPassword(String(email), String(password));
  if (!user) return Response.json({ error: "invalid credentials" }, { status: 401 });
  const session = await getSession();
  session.userId = user.id;
  session.email = user.email;
  await session.save();
  return Response.json({ user });
}

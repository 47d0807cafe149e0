import { getSession } from "../../../session.mjs";

export async function POST() {
  (await getSession()).destroy();
  return new Response(null, { status: 204 });
}

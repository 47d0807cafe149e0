import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

// Anything under /api that no other route claims: JSON, like the rest of the API.
async function notFound() {
  return json({ error: { code: "not_found", message: "No such API endpoint." } }, { status: 404 });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

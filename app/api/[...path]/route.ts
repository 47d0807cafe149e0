import type { NextRequest } from "next/server";
import { json, withSecurityHeaders } from "@/lib/http";

export const dynamic = "force-dynamic";

// Anything under /api that no other route claims: JSON, like the rest of the API, with the same
// headers (HSTS, and the security headers when server.mjs is not there to set them).
async function notFound(request: NextRequest) {
  return withSecurityHeaders(json({ error: { code: "not_found", message: "No such API endpoint." } }, { status: 404 }), request.url);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };

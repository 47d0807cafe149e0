import { endCurrentSession } from "@/lib/request-session";
import { errorResponse } from "@/lib/http";
import { checkRequestOrigin } from "@/lib/request";
import { signOutHeaders } from "@/lib/session-cookie";

export const dynamic = "force-dynamic";

/**
 * The page's "Sign out": a plain form post, so it works without JavaScript, answered
 * with a 303 to the login page. A route handler and not a server action, because only
 * a response of our own can carry Clear-Site-Data. POST only (Next answers 405 to the
 * rest): a link or an image must not sign anyone out. The proxy checks the origin of
 * every page request; checked here as well, so this handler does not rest on the
 * proxy's matcher.
 */
export async function POST(request: Request): Promise<Response> {
  const forgery = checkRequestOrigin(request.method, request.headers);
  if (forgery) return errorResponse(forgery);
  try {
    await endCurrentSession();
  } catch (error) {
    // The store is down: the record could not be deleted, so do not pretend it was.
    return errorResponse(error);
  }
  return new Response(null, { status: 303, headers: { Location: "/login", ...signOutHeaders } });
}

import { type NextRequest, NextResponse } from "next/server";
import { withSecurityHeaders } from "@/lib/http";
import { requestPathHeader } from "@/lib/redirect-target";
import { checkRequestOrigin } from "@/lib/request";
import type { ValidatedSession } from "@/lib/session";
import { clearSessionCookie, sessionCookieName, setSessionCookie, validateSessionCookie } from "@/lib/session-cookie";

/**
 * Every page request and server action (the API checks itself in lib/http.ts):
 * refuse forged state-changing requests; set the security headers and the CSP
 * nonce; renew the session and re-send its cookie, which server components
 * cannot do; tell the app which path is being served (requestPathHeader), so
 * requireUser can send a signed-out visitor to the login page and back. Which
 * pages need a user is theirs to say (lib/require-user.ts), not a list here.
 */
export async function proxy(request: NextRequest): Promise<Response> {
  return withSecurityHeaders(await answer(request), request.url);
}

async function answer(request: NextRequest): Promise<Response> {
  const forgery = checkRequestOrigin(request.method, request.headers);
  if (forgery) return new NextResponse(forgery.message, { status: 403, headers: { "Content-Type": "text/plain" } });

  const { pathname, search } = request.nextUrl;
  // Sign-out ends the session itself: renewing it here would send its cookie again beside the expired one.
  const seal = pathname === "/sign-out" ? undefined : request.cookies.get(sessionCookieName())?.value;

  let current: ValidatedSession | null = null;
  if (seal) {
    try {
      current = await validateSessionCookie(seal, { renew: true });
    } catch {
      // The store is down: nobody is signed in, and the page says so.
      return new NextResponse(unavailablePage, {
        status: 503,
        headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": "5" },
      });
    }
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  // Always set, never passed on: a client's own value would choose where login sends it back.
  requestHeaders.set(requestPathHeader, pathname + search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);

  if (seal && !current) clearSessionCookie(response.cookies);
  if (seal && current?.renewed) setSessionCookie(response.cookies, seal, current.session);
  // Signed-in pages are personal: never kept by a shared or back-forward cache. A signed-out
  // visit to a page that calls requireUser is rendered dynamically (it reads cookies), and
  // Next answers every dynamic render, its redirect included, with no-store itself.
  if (current) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

function contentSecurityPolicy(nonce: string): string {
  const devEval = process.env.NODE_ENV === "production" ? "" : " 'unsafe-eval'";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${devEval}`,
    // React writes style attributes; no external styles are used.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const unavailablePage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Temporarily unavailable</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>Temporarily unavailable</h1><p>We can't check your session right now, so nobody is signed in. Please try again in a moment.</p></body></html>`;

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};

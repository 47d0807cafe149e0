import { type NextRequest, NextResponse } from "next/server";
import { validateSessionToken } from "@/lib/session";
import { clearSessionCookie, sessionCookieName, setSessionCookie, unsealSessionToken } from "@/lib/session-cookie";

const protectedPrefixes = ["/dashboard", "/account", "/admin"];

/**
 * Page requests only. Two jobs: renew the session and re-send its cookie, which
 * server components cannot do; and send signed-out visitors of protected pages
 * to the login page early. Pages still check the session themselves.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isProtected = protectedPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  const seal = request.cookies.get(sessionCookieName())?.value;

  let current = null;
  if (seal) {
    const token = await unsealSessionToken(seal);
    try {
      current = token ? await validateSessionToken(token, { renew: true }) : null;
    } catch {
      // The store is down: let the page fail closed with its error page.
      return NextResponse.next();
    }
  }

  if (!current && isProtected) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", pathname + search);
    const response = NextResponse.redirect(login);
    if (seal) clearSessionCookie(response.cookies);
    return response;
  }

  const response = NextResponse.next();
  if (seal && !current) clearSessionCookie(response.cookies);
  if (seal && current?.renewed) setSessionCookie(response.cookies, seal, current.session);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|robots.txt).*)"],
};

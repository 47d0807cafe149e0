import Link from "next/link";
import { NavLinks } from "@/app/components/nav-links";
import { SessionWatch } from "@/app/components/session-watch";
import { requirePageSession } from "@/lib/current-session";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  // Each page checks the session too (with its own return path); this guards the header.
  const { user } = await requirePageSession("/dashboard");
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link className="brand" href="/dashboard">
          Session Auth
        </Link>
        <nav aria-label="Account">
          <NavLinks isAdmin={user.role === "admin"} />
          <span className="who">
            Signed in as <strong data-testid="user-name">{user.name}</strong>
          </span>
          {/* A route handler, not a server action: sign-out sends headers an action cannot (S7). */}
          <form method="post" action="/sign-out">
            <button type="submit" className="secondary">
              Sign out
            </button>
          </form>
        </nav>
      </header>
      <div id="main">{children}</div>
      <SessionWatch />
    </>
  );
}

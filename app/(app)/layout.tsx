import { Brand } from "@/app/components/brand";
import { NavLinks } from "@/app/components/nav-links";
import { SessionWatch } from "@/app/components/session-watch";
import { requireUser } from "@/lib/require-user";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  // Guards the header; each page checks the session too (a layout does not re-render on
  // every navigation). Both come back to the page asked for: the path is the request's.
  const { user } = await requireUser();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Brand href="/dashboard" />
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

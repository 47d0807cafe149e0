import { after } from "next/server";
import { MailNotConfiguredError } from "./mail";
import { log } from "./log";
import { getRequestContext } from "./request";

/**
 * Runs `task` once the response has gone out, so that neither its time nor its
 * failure shows in the answer (what depends on whether an account exists waits
 * here, and every mail). A client that hangs up does not cancel it. Failures are
 * logged, never thrown.
 *
 * Under server.mjs the request's context holds it until the response closes. Next's
 * after() would do the same, but on Node 20 every AsyncLocalStorage once used taxes
 * each promise of every later request, and after()'s own storage, used from the
 * first sign-in on, made every request allocate about 20 kB more (bench/README.md).
 * Elsewhere (`next start`, `next dev`) Next's after() holds it; outside a request
 * (the admin CLI, unit tests) there is nothing to wait for, and the task starts at once.
 */
export function runAfterResponse(what: string, task: () => Promise<void>): void {
  const run = () =>
    task().catch((error: unknown) => {
      if (!(error instanceof MailNotConfiguredError)) log.error("work after the response failed", { what, error: String(error) });
    });
  const context = getRequestContext();
  if (context?.afterResponse) return context.afterResponse(run);
  try {
    after(run);
  } catch {
    // "after was called outside a request scope"
    void run();
  }
}

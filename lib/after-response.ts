import { after } from "next/server";
import { MailNotConfiguredError } from "./mail";
import { log } from "./log";

/**
 * Runs `task` once the response has gone out, so that neither its time nor its
 * failure shows in the answer (what depends on whether an account exists waits
 * here). Outside a request (the admin CLI, unit tests) Next has no "after": the
 * task starts at once instead. Failures are logged, never thrown.
 */
export function runAfterResponse(what: string, task: () => Promise<void>): void {
  const run = () =>
    task().catch((error: unknown) => {
      if (!(error instanceof MailNotConfiguredError)) log.error("work after the response failed", { what, error: String(error) });
    });
  try {
    after(run);
  } catch {
    // "after was called outside a request scope"
    void run();
  }
}

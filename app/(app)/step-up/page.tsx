import type { Metadata } from "next";
import Link from "next/link";
import { describeSignInMethod } from "@/lib/assurance";
import { resolveRedirectTarget } from "@/lib/redirect-target";
import { requireUser } from "@/lib/require-user";
import { canStepUp, readStepUpOptions } from "@/lib/step-up";
import { PasskeyButton } from "@/app/(auth)/login/passkey-button";
import { StepUpCodeForm } from "./step-up-form";

export const metadata: Metadata = { title: "Confirm it is you" };

// Where the guards send a page or action that needs a stronger or more recent sign-in
// (lib/require-user.ts); `next` is the page that asked, checked like any return path.
export default async function StepUpPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { user, session } = await requireUser();
  const next = resolveRedirectTarget((await searchParams).next);
  const options = await readStepUpOptions(user.id);

  return (
    <main className="narrow">
      <div className="card">
        <h1>Confirm it is you</h1>
        <p>
          The page you asked for needs a recent sign-in with a second factor. This session was signed in with{" "}
          {describeSignInMethod(session.method)} ({session.assurance.toUpperCase()}).
        </p>
        {options.code && (
          <section aria-labelledby="step-up-code-heading">
            <h2 id="step-up-code-heading">Use your authenticator app</h2>
            <StepUpCodeForm next={next} />
            <p className="muted">Lost your phone? Enter one of your recovery codes; each works once.</p>
          </section>
        )}
        {options.passkey && (
          <section aria-labelledby="step-up-passkey-heading">
            <h2 id="step-up-passkey-heading">Use a passkey</h2>
            <PasskeyButton kind="step-up" label="Confirm with a passkey" next={next} />
          </section>
        )}
        {!canStepUp(options) && (
          <p className="alert" role="status" data-testid="step-up-unavailable">
            Your account has no second factor to confirm it with. <Link href="/account/two-factor">Set up two-factor authentication</Link>,
            then come back to this page.
          </p>
        )}
        <p className="muted">
          <Link href="/dashboard">Not now</Link>
        </p>
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSignInChallenge } from "@/lib/pending-sign-in";
import { resolveRedirectTarget } from "@/lib/redirect-target";
import { PasskeyButton } from "../passkey-button";
import { SecondFactorForm } from "./second-factor-form";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function SecondFactorPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = resolveRedirectTarget((await searchParams).next);
  if (!(await getSignInChallenge())) redirect(`/login?next=${encodeURIComponent(next)}`);
  return (
    <main className="narrow">
      <div className="card">
        <h1>Two-factor sign-in</h1>
        <p>Your password is right. To finish signing in, enter a code from your authenticator app.</p>
        <SecondFactorForm next={next} />
        <PasskeyButton kind="second-factor" label="Use a passkey instead" next={next} />
        <p className="muted">Lost your phone? Enter one of the recovery codes you saved when you turned two-factor on; each works once.</p>
        <p className="muted">
          <Link href="/login">Start again</Link>
        </p>
      </div>
    </main>
  );
}

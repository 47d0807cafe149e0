import type { Metadata } from "next";
import Link from "next/link";
import { SignInAlertForm } from "./sign-in-alert-form";

export const metadata: Metadata = { title: "A new sign-in to your account", referrer: "no-referrer" };

type SearchParams = Promise<{ token?: string | string[]; answer?: string | string[]; notice?: string }>;

// The page a new-device alert's links open. Nothing happens on opening it (mail
// scanners open links): one click on its button answers (lib/sign-in-alert.ts).
export default async function SignInAlertPage({ searchParams }: { searchParams: SearchParams }) {
  const { token, answer, notice } = await searchParams;
  const denying = answer !== "yes";
  return (
    <main className="narrow">
      <div className="card">
        <h1>A new sign-in to your account</h1>
        {notice === "confirmed" ? (
          <p className="alert ok" role="status">
            Thank you. That device is now known: signing in from it sends no more alerts.
          </p>
        ) : typeof token === "string" && token ? (
          <>
            <p>
              {denying
                ? "If you did not sign in, end that session now. You will then choose a new password, which signs you out everywhere."
                : "If you signed in from that device, confirm it and we will not alert you about it again."}
            </p>
            <SignInAlertForm token={token} answer={denying ? "no" : "yes"} />
          </>
        ) : (
          <p className="alert error" role="alert">
            This page needs the link from your email. <Link href="/account/sessions">Review your sessions</Link>.
          </p>
        )}
      </div>
    </main>
  );
}

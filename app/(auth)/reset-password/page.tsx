import type { Metadata } from "next";
import Link from "next/link";
import { getConfig } from "@/lib/config";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[]; reason?: string }>;
}) {
  const { token, reason } = await searchParams;
  return (
    <main className="narrow">
      <div className="card">
        <h1>Choose a new password</h1>
        {typeof token === "string" && token ? (
          <>
            {reason === "not-me" && (
              <p className="alert ok" role="status">
                That sign-in&apos;s session is ended. Choose a new password now: whoever signed in knows the old one.
              </p>
            )}
            <p className="muted">Setting a new password signs you out on every device.</p>
            <ResetPasswordForm token={token} passwordMinLength={getConfig().passwordMinLength} />
          </>
        ) : (
          <p className="alert error" role="alert">
            This page needs the link from your email. <Link href="/forgot-password">Ask for a new link</Link>.
          </p>
        )}
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmEmailForm } from "./confirm-email-form";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "no-referrer" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <main className="narrow">
      <div className="card">
        <h1>Confirm your email address</h1>
        {typeof token === "string" && token ? (
          <ConfirmEmailForm token={token} />
        ) : (
          <p className="alert error" role="alert">
            This page needs the link from your email. <Link href="/dashboard">Ask for a new one from your dashboard</Link>.
          </p>
        )}
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmEmailChangeForm } from "./confirm-email-change-form";

export const metadata: Metadata = { title: "Confirm your new email address", referrer: "no-referrer" };

export default async function ChangeEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <main className="narrow">
      <div className="card">
        <h1>Confirm your new email address</h1>
        {typeof token === "string" && token ? (
          <ConfirmEmailChangeForm token={token} />
        ) : (
          <p className="alert error" role="alert">
            This page needs the link from your email. <Link href="/account/security">Ask for a new one</Link>.
          </p>
        )}
      </div>
    </main>
  );
}

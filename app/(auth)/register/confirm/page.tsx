import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmRegistrationForm } from "./confirm-registration-form";

export const metadata: Metadata = { title: "Finish creating your account", referrer: "no-referrer" };

export default async function ConfirmRegistrationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <main className="narrow">
      <div className="card">
        <h1>Finish creating your account</h1>
        {typeof token === "string" && token ? (
          <ConfirmRegistrationForm token={token} />
        ) : (
          <p className="alert error" role="alert">
            This page needs the link from your email. <Link href="/register">Register again</Link>.
          </p>
        )}
      </div>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/current-session";
import { safeNextPath } from "@/lib/form";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  if (await getCurrentSession()) redirect(next);
  return (
    <main className="narrow">
      <div className="card">
        <h1>Sign in</h1>
        <LoginForm next={next} />
      </div>
      <p className="muted" style={{ marginTop: "1rem" }}>
        New here? <Link href="/register">Create an account</Link>
      </p>
    </main>
  );
}

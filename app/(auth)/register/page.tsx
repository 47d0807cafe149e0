import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import { getCurrentSession } from "@/lib/request-session";
import { RegisterForm } from "./register-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage() {
  if (await getCurrentSession()) redirect("/dashboard");
  return (
    <main className="narrow">
      <div className="card">
        <h1>Create an account</h1>
        <RegisterForm passwordMinLength={getConfig().passwordMinLength} />
      </div>
      <p className="muted" style={{ marginTop: "1rem" }}>
        Already have an account? <Link href="/login">Sign in</Link>
      </p>
    </main>
  );
}

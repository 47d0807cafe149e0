import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <main className="narrow">
      <div className="card">
        <h1>Forgot your password?</h1>
        <p className="muted">Enter the email address of your account and we will send you a link to choose a new password.</p>
        <ForgotPasswordForm />
      </div>
      <p className="muted" style={{ marginTop: "1rem" }}>
        Remembered it? <Link href="/login">Sign in</Link>
      </p>
    </main>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInWatch } from "@/app/components/session-watch";
import { getCurrentSession } from "@/lib/request-session";
import { resolveRedirectTarget } from "@/lib/redirect-target";
import { LoginForm } from "./login-form";
import { PasskeyButton } from "./passkey-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{
    next?: string | string[];
    reset?: string | string[];
    verified?: string | string[];
    expired?: string | string[];
    "email-changed"?: string | string[];
    reason?: string | string[];
  }>;
}) {
  const params = await searchParams;
  const next = resolveRedirectTarget(params.next);
  if (await getCurrentSession()) redirect(next);
  return (
    <main className="narrow">
      <div className="card">
        <h1>Sign in</h1>
        {params.reason === "idle" && (
          <p className="alert" role="status">
            You were signed out because you were inactive for too long. Sign in again to continue.
          </p>
        )}
        {params.reason === "expired" && (
          <p className="alert" role="status">
            Your session reached its maximum length. Sign in again to continue.
          </p>
        )}
        {params.reason === "ended" && (
          <p className="alert" role="status">
            Your session ended: you signed out in another tab, or it was ended from another device. Sign in again to continue.
          </p>
        )}
        {params.reset === "done" && (
          <p className="alert" role="status">
            Your password has been changed and every session ended. Sign in with the new password.
          </p>
        )}
        {params.expired === "1" && (
          <p className="alert" role="status">
            That sign-in has expired or had too many wrong codes. Enter your email and password again.
          </p>
        )}
        {params["email-changed"] === "1" && (
          <p className="alert" role="status">
            Your email address is changed. Sign in with the new one.
          </p>
        )}
        {params.verified === "1" && (
          <p className="alert" role="status">
            Your email address is confirmed. Sign in to continue.
          </p>
        )}
        <LoginForm next={next} />
        <PasskeyButton kind="sign-in" label="Sign in with a passkey" next={next} autofill />
        <SignInWatch />
        <p className="muted">
          <Link href="/forgot-password">Forgot your password?</Link>
        </p>
      </div>
      <p className="muted" style={{ marginTop: "1rem" }}>
        New here? <Link href="/register">Create an account</Link>
      </p>
    </main>
  );
}

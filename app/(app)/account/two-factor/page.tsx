import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmPasswordForm } from "@/app/components/confirm-password-form";
import { LocalTime } from "@/app/components/local-time";
import { getConfig } from "@/lib/config";
import { requireUser } from "@/lib/require-user";
import { isFreshSignIn } from "@/lib/sign-in";
import { getTwoFactorStatus } from "@/lib/two-factor";
import { getTwoFactorSetup } from "@/lib/two-factor-setup";
import { confirmPasswordAction } from "./actions";
import { DisableForm, RecoveryCodesPanel, StartSetupForm } from "./two-factor-forms";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<{ notice?: string }> }) {
  const current = await requireUser();
  const { notice } = await searchParams;
  const status = await getTwoFactorStatus(current.user.id);
  const fresh = isFreshSignIn(current);
  const setup = fresh && status.setupPending ? await getTwoFactorSetup(current.user) : null;
  const minutes = Math.round(getConfig().freshSignInMaxAgeSeconds / 60);

  return (
    <main>
      <p>
        <Link href="/account/security">← Security</Link>
      </p>
      <h1>Two-factor authentication</h1>
      {notice === "disabled" && (
        <p className="alert ok" role="status">
          Two-factor authentication is off. Your password alone now signs you in. Every other session was signed out:{" "}
          <Link href="/account/sessions">review your sessions</Link>.
        </p>
      )}
      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading" style={{ marginTop: 0 }}>
          {status.enabled ? "On" : "Off"}
        </h2>
        {status.enabled ? (
          <p data-testid="two-factor-status">
            On since <LocalTime date={status.enabledAt!} />. Signing in asks for a code from your authenticator app after your password.{" "}
            {status.recoveryCodesLeft} of 10 recovery codes left. Turning it on signed out every other session (
            <Link href="/account/sessions">your sessions</Link>).
          </p>
        ) : (
          <p data-testid="two-factor-status">
            Off. Turn it on and signing in will also ask for a code from an authenticator app on your phone, so a stolen password is not
            enough.
          </p>
        )}
      </section>

      {!fresh && !status.enabled && (
        <section className="card" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" style={{ marginTop: 0 }}>
            Confirm it is you
          </h2>
          <p>You signed in more than {minutes} minutes ago. Enter your password to change two-factor settings.</p>
          <ConfirmPasswordForm action={confirmPasswordAction} />
        </section>
      )}

      {fresh && !status.enabled && !setup && (
        <section className="card" aria-labelledby="setup-heading">
          <h2 id="setup-heading" style={{ marginTop: 0 }}>
            Set up
          </h2>
          <p>You need an authenticator app, such as 2FAS, Aegis, Google Authenticator or 1Password.</p>
          <StartSetupForm />
        </section>
      )}

      {fresh && (setup || status.enabled) && (
        <section className="card" id="setup" aria-labelledby="codes-heading">
          <h2 id="codes-heading" style={{ marginTop: 0 }}>
            {status.enabled ? "Recovery codes" : "Scan this code with your app"}
          </h2>
          {status.enabled && <p>Lost some, or used most? A new set replaces the old one.</p>}
          <RecoveryCodesPanel setup={setup && { secret: setup.secret, qrCode: setup.qrCode }} enabled={status.enabled} />
          {!status.enabled && <StartSetupForm again />}
        </section>
      )}

      {status.enabled && !fresh && (
        <section className="card" aria-labelledby="confirm-codes-heading">
          <h2 id="confirm-codes-heading" style={{ marginTop: 0 }}>
            Recovery codes
          </h2>
          <p>You signed in more than {minutes} minutes ago. Enter your password to make new recovery codes.</p>
          <ConfirmPasswordForm action={confirmPasswordAction} />
        </section>
      )}

      {status.enabled && (
        <section className="card" aria-labelledby="disable-heading">
          <h2 id="disable-heading" style={{ marginTop: 0 }}>
            Turn off
          </h2>
          <p>Your password and a code are both needed.</p>
          <DisableForm />
        </section>
      )}
    </main>
  );
}

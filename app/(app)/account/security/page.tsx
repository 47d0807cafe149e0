import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmPasswordForm } from "@/app/components/confirm-password-form";
import { LocalTime } from "@/app/components/local-time";
import { getConfig } from "@/lib/config";
import { requireUser } from "@/lib/require-user";
import { describeDevice } from "@/lib/device";
import { listPasskeys } from "@/lib/passkey-list";
import { listSecurityEvents } from "@/lib/security-events";
import { isFreshSignIn } from "@/lib/sign-in";
import { getTwoFactorStatus } from "@/lib/two-factor";
import { ChangeEmailForm } from "./change-email-form";
import { ChangePasswordForm } from "./change-password-form";
import { confirmPasswordForPasskeysAction } from "./actions";
import { AddPasskeyButton, PasskeyItem } from "./passkeys-panel";

export const metadata: Metadata = { title: "Security" };

type SearchParams = Promise<{ notice?: string; cursor?: string }>;

export default async function SecurityPage({ searchParams }: { searchParams: SearchParams }) {
  const current = await requireUser();
  const { user } = current;
  const { notice, cursor } = await searchParams;
  const { events, nextCursor } = await listSecurityEvents(user.id, {
    cursor: typeof cursor === "string" ? cursor.slice(0, 64) : undefined,
    limit: 20,
  });
  const twoFactor = await getTwoFactorStatus(user.id);
  const passkeys = await listPasskeys(user.id);
  const fresh = isFreshSignIn(current);

  return (
    <main>
      <h1>Security</h1>
      {notice === "password-changed" && (
        <p className="alert ok" role="status">
          Your password was changed. Every other session was signed out.
        </p>
      )}
      {notice === "email-changed" && (
        <p className="alert ok" role="status">
          Your email address is now {user.email}.
        </p>
      )}
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading" style={{ marginTop: 0 }}>
          Change password
        </h2>
        <ChangePasswordForm passwordMinLength={getConfig().passwordMinLength} />
      </section>
      <section className="card" aria-labelledby="email-heading">
        <h2 id="email-heading" style={{ marginTop: 0 }}>
          Email address
        </h2>
        <p>
          You sign in with <strong data-testid="current-email">{user.email}</strong>. A new address takes effect once you follow the link we
          send to it.
        </p>
        <ChangeEmailForm />
      </section>
      {notice === "passkey-removed" && (
        <p className="alert ok" role="status">
          The passkey was removed. Every other session was signed out.
        </p>
      )}
      <section className="card" id="passkeys" aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading" style={{ marginTop: 0 }}>
          Passkeys
        </h2>
        <p>
          A passkey signs you in with your device&apos;s screen lock (fingerprint, face or PIN) instead of your password, and cannot be
          phished. With two-factor on, one also stands in for the app code.
        </p>
        {passkeys.length === 0 ? (
          <p className="muted">No passkeys yet.</p>
        ) : (
          <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
            {passkeys.map((passkey) => (
              <PasskeyItem
                key={passkey.id}
                canRemove={fresh}
                passkey={{
                  id: passkey.id,
                  name: passkey.name,
                  createdAt: passkey.createdAt.toISOString(),
                  lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
                }}
              />
            ))}
          </ul>
        )}
        {fresh ? (
          <AddPasskeyButton />
        ) : (
          <>
            <p>
              You signed in more than {Math.round(getConfig().freshSignInMaxAgeSeconds / 60)} minutes ago. Enter your password to add or
              remove passkeys.
            </p>
            <ConfirmPasswordForm action={confirmPasswordForPasskeysAction} />
          </>
        )}
      </section>
      <section className="card" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading" style={{ marginTop: 0 }}>
          Two-factor authentication
        </h2>
        <p>
          {twoFactor.enabled
            ? `On: signing in asks for a code from your authenticator app. ${twoFactor.recoveryCodesLeft} recovery codes left.`
            : "Off: your password alone signs you in."}
        </p>
        <p>
          <Link href="/account/two-factor">
            {twoFactor.enabled ? "Manage two-factor authentication" : "Set up two-factor authentication"}
          </Link>
        </p>
      </section>
      <section className="card" aria-labelledby="activity-heading">
        <h2 id="activity-heading" style={{ marginTop: 0 }}>
          Recent security activity
        </h2>
        {events.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ol className="activity" data-testid="activity">
            {events.map((event) => (
              <li key={event.id}>
                <strong>{event.description}</strong>
                <span className="muted">
                  {" "}
                  <LocalTime date={event.createdAt} /> · {event.ipAddress ?? "unknown IP"} · {describeDevice(event.userAgent).label}
                </span>
              </li>
            ))}
          </ol>
        )}
        {nextCursor && (
          <p>
            <Link href={`/account/security?cursor=${encodeURIComponent(nextCursor)}`}>Older activity</Link>
          </p>
        )}
      </section>
    </main>
  );
}

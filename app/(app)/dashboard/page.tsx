import type { Metadata } from "next";
import { requireUser } from "@/lib/require-user";
import { expiresAt } from "@/lib/session-expiry";
import { LocalTime } from "@/app/components/local-time";
import { VerifyEmailReminder } from "./verify-email-reminder";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ verified?: string | string[] }> }) {
  const { user, session } = await requireUser();
  const { verified } = await searchParams;
  return (
    <main>
      <h1>Welcome, {user.name}</h1>
      {verified === "1" && user.emailVerifiedAt && (
        <p className="alert" role="status">
          Your email address is confirmed.
        </p>
      )}
      {!user.emailVerifiedAt && <VerifyEmailReminder email={user.email} />}
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Your session</h2>
        <dl className="facts">
          <dt>Email</dt>
          <dd data-testid="user-email">{user.email}</dd>
          <dt>Signed in since</dt>
          <dd>
            <LocalTime date={session.createdAt} />
          </dd>
          <dt>Session ends</dt>
          <dd>
            <LocalTime date={expiresAt(session)} /> {session.persistent ? "(kept signed in on this device)" : "unless you stay active"}
          </dd>
        </dl>
      </div>
    </main>
  );
}

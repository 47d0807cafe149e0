import type { Metadata } from "next";
import { LocalTime } from "@/app/components/local-time";
import { listUserSessions } from "@/lib/account-sessions";
import { requireUser } from "@/lib/require-user";
import { endOtherSessionsAction, endSessionAction } from "./actions";

export const metadata: Metadata = { title: "Your sessions" };

type SearchParams = Promise<{ notice?: string; count?: string }>;

export default async function SessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const current = await requireUser();
  const sessions = await listUserSessions(current);
  const { notice, count } = await searchParams;
  const others = sessions.filter((session) => !session.current).length;

  return (
    <main>
      <h1>Your sessions</h1>
      <p className="muted">
        Every browser or device where you are signed in. If you don&apos;t recognise one, end it and change your password.
      </p>
      {notice === "ended" && (
        <p className="alert ok" role="status">
          The session was ended. That device is signed out.
        </p>
      )}
      {notice === "others-ended" && (
        <p className="alert ok" role="status">
          Signed out everywhere else ({Number(count) || 0} {Number(count) === 1 ? "session" : "sessions"} ended).
        </p>
      )}
      <ul className="session-list" aria-label="Active sessions">
        {sessions.map((session) => (
          <li key={session.id} className="card session" data-testid="session">
            <div className="session-head">
              <strong>{session.device.label}</strong>
              {session.current && <span className="badge">This device</span>}
            </div>
            <dl className="facts">
              <dt>IP address</dt>
              <dd>{session.ipAddress ?? "unknown"}</dd>
              <dt>Signed in</dt>
              <dd>
                <LocalTime date={session.createdAt} />
              </dd>
              <dt>Last active</dt>
              <dd>
                <LocalTime date={session.lastSeenAt} />
              </dd>
              <dt>Expires</dt>
              <dd>
                <LocalTime date={session.expiresAt} /> {session.persistent ? "(remembered)" : "(if inactive)"}
              </dd>
            </dl>
            {!session.current && (
              <form action={endSessionAction}>
                <input type="hidden" name="id" value={session.id} />
                <button type="submit" className="secondary" aria-label={`End session on ${session.device.label}`}>
                  End this session
                </button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <form action={endOtherSessionsAction}>
          <button type="submit" className="danger">
            Sign out everywhere else
          </button>
        </form>
      )}
    </main>
  );
}

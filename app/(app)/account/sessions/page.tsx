import type { Metadata } from "next";
import { cookies } from "next/headers";
import { ConfirmPasswordForm } from "@/app/components/confirm-password-form";
import { LocalTime } from "@/app/components/local-time";
import { listUserSessions } from "@/lib/account-sessions";
import { describeSignInMethod } from "@/lib/assurance";
import { getConfig } from "@/lib/config";
import { deviceCookieName, readDeviceCookie } from "@/lib/device-cookie";
import { listKnownDevices } from "@/lib/known-devices";
import { requireUser } from "@/lib/require-user";
import { isFreshSignIn } from "@/lib/sign-in";
import { confirmAndEndAction, endOtherSessionsAction, endSessionAction, forgetDeviceAction } from "./actions";

export const metadata: Metadata = { title: "Your sessions" };

type SearchParams = Promise<{ notice?: string; count?: string; confirm?: string }>;

export default async function SessionsPage({ searchParams }: { searchParams: SearchParams }) {
  const current = await requireUser();
  const sessions = await listUserSessions(current);
  const { notice, count, confirm } = await searchParams;
  const others = sessions.filter((session) => !session.current).length;
  const devices = await listKnownDevices(current.user.id, current.session.credentialVersion);
  const thisDevice = (await readDeviceCookie((await cookies()).get(deviceCookieName())?.value))?.deviceId;
  const fresh = isFreshSignIn(current);
  const confirming = !fresh && typeof confirm === "string" && confirm.length > 0 && confirm.length <= 64 ? confirm : null;

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
      {notice === "device-forgotten" && (
        <p className="alert ok" role="status">
          The device was forgotten. Its next sign-in will be mailed to you as a new device.
        </p>
      )}
      {confirming && (
        <section className="card" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" style={{ marginTop: 0 }}>
            Confirm it is you
          </h2>
          <p>
            You signed in more than {Math.round(getConfig().freshSignInMaxAgeSeconds / 60)} minutes ago. Enter your password to{" "}
            {confirming === "others" ? "sign out everywhere else" : "end that session"}.
          </p>
          <ConfirmPasswordForm action={confirmAndEndAction}>
            <input type="hidden" name="target" value={confirming} />
          </ConfirmPasswordForm>
        </section>
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
              <dt>Signed in with</dt>
              <dd data-testid="session-assurance">
                {capitalize(describeSignInMethod(session.method))} · {session.assurance.toUpperCase()}
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
      <section aria-labelledby="devices-heading">
        <h2 id="devices-heading">Known devices</h2>
        <p className="muted">
          Browsers that have signed in to your account, signed in now or not. A sign-in from a device you have not confirmed is mailed to
          you; forget one and its next sign-in is mailed again. A password change forgets all but the browser you made it in.
        </p>
        <ul className="session-list" aria-label="Known devices">
          {devices.map((device) => (
            <li key={device.id} className="card session" data-testid="known-device">
              <div className="session-head">
                <strong>{device.label}</strong>
                {device.deviceId === thisDevice && <span className="badge">This browser</span>}
                {!device.confirmedAt && <span className="badge">Not confirmed</span>}
              </div>
              <dl className="facts">
                <dt>First seen</dt>
                <dd>
                  <LocalTime date={device.firstSeenAt} />
                </dd>
                <dt>Last seen</dt>
                <dd>
                  <LocalTime date={device.lastSeenAt} />
                </dd>
              </dl>
              <form action={forgetDeviceAction}>
                <input type="hidden" name="id" value={device.id} />
                <button type="submit" className="secondary" aria-label={`Forget ${device.label}`}>
                  Forget
                </button>
              </form>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

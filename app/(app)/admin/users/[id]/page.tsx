import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConfirmPasswordForm } from "@/app/components/confirm-password-form";
import { LocalTime } from "@/app/components/local-time";
import { getUserDetail } from "@/lib/admin";
import { getTwoFactorStatus } from "@/lib/two-factor";
import { requireUser } from "@/lib/require-user";
import { getConfig } from "@/lib/config";
import { isFreshSignIn } from "@/lib/sign-in";
import { AppError } from "@/lib/errors";
import { listSecurityEvents } from "@/lib/security-events";
import { readAccountLock } from "@/lib/account-lock";
import {
  changeRoleAction,
  confirmPasswordAction,
  deleteUserAction,
  revokeSessionsAction,
  setDisabledAction,
  unlockAction,
} from "./actions";

export const metadata: Metadata = { title: "User" };

const notices: Record<string, string> = {
  "role-changed": "The role was changed.",
  disabled: "The account is disabled and all its sessions have ended.",
  enabled: "The account is enabled again.",
  "sessions-ended": "All sessions of this account have ended.",
  confirmed: "Password confirmed: you can make changes now.",
  unlocked: "The sign-in lock is lifted: failed passwords and codes count from zero again.",
};
const errors: Record<string, string> = {
  last_admin: "This is the last active administrator: promote someone else first.",
  not_confirmed: "Tick the confirmation box to do that.",
  not_found: "That account no longer exists.",
  reauthentication_required: "Nothing was changed: you signed in too long ago. Confirm your password, then try again.",
};

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ notice?: string; error?: string }> };

export default async function AdminUserPage({ params, searchParams }: Props) {
  const { id } = await params;
  const current = await requireUser({ role: "admin" });
  // The same rule as the actions' (authorizeAdminChange): past it, the password first.
  const fresh = isFreshSignIn(current);
  const minutes = Math.round(getConfig().freshSignInMaxAgeSeconds / 60);
  const detail = await getUserDetail(id).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const { user, sessions } = detail;
  const { events } = await listSecurityEvents(user.id, { limit: 20 });
  const twoFactor = await getTwoFactorStatus(user.id);
  const lock = await readAccountLock(user);
  const { notice, error } = await searchParams;
  const confirmBox = (label: string) => (
    <label className="checkbox">
      <input type="checkbox" name="confirm" value="yes" required /> {label}
    </label>
  );

  return (
    <main>
      <p>
        <Link href="/admin/users">← All users</Link>
      </p>
      <h1>{user.name}</h1>
      {notice && notices[notice] && (
        <p className="alert ok" role="status">
          {notices[notice]}
        </p>
      )}
      {error && (
        <p className="alert error" role="alert">
          {errors[error] ?? "That did not work."}
        </p>
      )}
      <div className="card">
        <dl className="facts">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Email confirmed</dt>
          <dd data-testid="email-verified">{user.emailVerifiedAt ? <LocalTime date={user.emailVerifiedAt} /> : "not yet"}</dd>
          <dt>Two-factor</dt>
          <dd data-testid="two-factor">
            {twoFactor.enabled ? `on, ${twoFactor.recoveryCodesLeft} recovery codes left` : "off"}
            {twoFactor.enabled && <span className="muted"> (reset from the server: npm run admin -- reset-two-factor)</span>}
          </dd>
          <dt>Role</dt>
          <dd data-testid="role">{user.role}</dd>
          <dt>Status</dt>
          <dd data-testid="status">{user.disabledAt ? "disabled" : "active"}</dd>
          <dt>Sign-in lock</dt>
          <dd data-testid="sign-in-lock">
            {lock.locked ? "locked for unknown devices" : "not locked"}
            <span className="muted">
              {" "}
              ({lock.failedPasswords} failed passwords, {lock.failedCodes} wrong codes in a row)
            </span>
          </dd>
          <dt>Created</dt>
          <dd>
            <LocalTime date={user.createdAt} />
          </dd>
          <dt>Active sessions</dt>
          <dd data-testid="session-count">{sessions.length}</dd>
        </dl>
      </div>

      {!fresh && getConfig().adminRequireAal2 && (
        // The password alone would leave the session at aal1, which this area refuses: the second factor instead.
        <section className="card" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" style={{ marginTop: 0 }}>
            Confirm it is you to continue
          </h2>
          <p>You signed in more than {minutes} minutes ago. Confirm with your second factor to change this account.</p>
          <Link className="button" href={`/step-up?next=${encodeURIComponent(`/admin/users/${user.id}`)}`}>
            Confirm with your second factor
          </Link>
        </section>
      )}

      {!fresh && !getConfig().adminRequireAal2 && (
        <section className="card" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" style={{ marginTop: 0 }}>
            Confirm your password to continue
          </h2>
          <p>You signed in more than {minutes} minutes ago. Enter your password to change this account.</p>
          <ConfirmPasswordForm action={confirmPasswordAction}>
            <input type="hidden" name="id" value={user.id} />
          </ConfirmPasswordForm>
        </section>
      )}

      {fresh && (
        <section className="card" aria-labelledby="actions-heading">
          <h2 id="actions-heading" style={{ marginTop: 0 }}>
            Actions
          </h2>
          <form action={changeRoleAction} className="inline-form">
            <input type="hidden" name="id" value={user.id} />
            <label htmlFor="role">Role</label>
            <select id="role" name="role" defaultValue={user.role}>
              <option value="user">user</option>
              <option value="admin">admin</option>
            </select>
            <button type="submit" className="secondary">
              Change role
            </button>
          </form>
          <form action={setDisabledAction} className="inline-form">
            <input type="hidden" name="id" value={user.id} />
            <input type="hidden" name="disabled" value={user.disabledAt ? "false" : "true"} />
            {!user.disabledAt && confirmBox("Yes, disable this account and sign it out everywhere")}
            <button type="submit" className={user.disabledAt ? "secondary" : "danger"}>
              {user.disabledAt ? "Enable account" : "Disable account"}
            </button>
          </form>
          {(lock.failedPasswords > 0 || lock.failedCodes > 0) && (
            <form action={unlockAction} className="inline-form">
              <input type="hidden" name="id" value={user.id} />
              <button type="submit" className="secondary">
                Unlock sign-in
              </button>
            </form>
          )}
          <form action={revokeSessionsAction} className="inline-form">
            <input type="hidden" name="id" value={user.id} />
            {confirmBox("Yes, end all of this account's sessions")}
            <button type="submit" className="danger">
              End all sessions
            </button>
          </form>
          <form action={deleteUserAction} className="inline-form">
            <input type="hidden" name="id" value={user.id} />
            {confirmBox("Yes, delete this account for good")}
            <button type="submit" className="danger">
              Delete account
            </button>
          </form>
        </section>
      )}

      <section className="card" aria-labelledby="user-sessions-heading">
        <h2 id="user-sessions-heading" style={{ marginTop: 0 }}>
          Sessions
        </h2>
        {sessions.length === 0 ? (
          <p className="muted">No active sessions.</p>
        ) : (
          <ul>
            {sessions.map((session) => (
              <li key={session.id}>
                {session.device.label} · {session.ipAddress ?? "unknown IP"} · last active <LocalTime date={session.lastSeenAt} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="user-activity-heading">
        <h2 id="user-activity-heading" style={{ marginTop: 0 }}>
          Recent security activity
        </h2>
        <ol className="activity">
          {events.map((event) => (
            <li key={event.id}>
              <strong>{event.description}</strong>
              {event.detail ? ` (${event.detail})` : ""}
              <span className="muted">
                {" "}
                <LocalTime date={event.createdAt} />
                {event.actorId ? " · by an administrator" : ""}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}

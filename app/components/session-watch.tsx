"use client";

import { useCallback, useEffect, useRef, useState } from "react";

// Keeps every open tab in step with its session. Tabs of one browser nudge each other
// over a BroadcastChannel (a sign-in or sign-out elsewhere: "look now"); each visible
// tab also asks GET /api/auth/session/status about once a second, which never renews
// and costs the server no write, so a session ended anywhere (another device, an
// administrator, a deadline) shows here within about two seconds; a hidden tab pauses
// and looks again when it is shown or focused. Without JavaScript nothing changes:
// every page checks the session on the server.

type Status = { active: false } | { active: true; idleExpiresInSeconds: number; expiresInSeconds: number; idleWarningSeconds: number };

const pollMs = 1000;
const channelName = "session";
// A form this tab submitted may be changing the session (entering the password again, a
// credential change: a new session, whose cookie comes with the answer). Until the answer
// has had time to come, "no session" may only mean the old cookie was just replaced.
const submitGraceMs = 10_000;

async function fetchStatus(): Promise<Status | null> {
  try {
    const response = await fetch("/api/auth/session/status", { cache: "no-store", credentials: "same-origin" });
    return response.ok ? ((await response.json()) as Status) : null;
  } catch {
    return null; // offline or the server restarting: try again at the next tick
  }
}

/** Tells the other tabs of this browser to look at the session now. */
function nudgeOtherTabs(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(channelName);
  channel.postMessage("check");
  channel.close();
}

/** Calls `check` once a second while the tab is visible, at once when shown or focused, and when another tab nudges. */
function useSessionChecks(check: () => void, everySecond: boolean): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = () => {
      clearTimeout(timer);
      if (document.visibilityState !== "visible") return;
      check();
      if (everySecond) timer = setTimeout(tick, pollMs);
    };
    const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(channelName);
    channel?.addEventListener("message", tick);
    document.addEventListener("visibilitychange", tick);
    window.addEventListener("focus", tick);
    timer = setTimeout(tick, everySecond ? pollMs : 0);
    return () => {
      clearTimeout(timer);
      channel?.close();
      document.removeEventListener("visibilitychange", tick);
      window.removeEventListener("focus", tick);
    };
  }, [check, everySecond]);
}

/** In the signed-in layout: follows the session, warns before the idle deadline, leaves when it has ended. */
export function SessionWatch() {
  const deadlines = useRef<{ idle: number; absolute: number } | null>(null);
  const [warning, setWarning] = useState<{ endsAt: number } | null>(null);
  const leaving = useRef(false);
  const lastSubmit = useRef(0);

  useEffect(() => {
    const noteSubmit = () => (lastSubmit.current = Date.now());
    document.addEventListener("submit", noteSubmit, true);
    return () => document.removeEventListener("submit", noteSubmit, true);
  }, []);

  const leave = useCallback((reason: "idle" | "expired" | "ended") => {
    if (leaving.current) return;
    leaving.current = true;
    nudgeOtherTabs();
    const next = encodeURIComponent(location.pathname + location.search);
    // A full load, not router.push: nothing of the signed-in pages may stay in the client's cache.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    location.assign(`/login?reason=${reason}&next=${next}`);
  }, []);

  const check = useCallback(async () => {
    const status = await fetchStatus();
    if (!status) return;
    const now = Date.now();
    if (!status.active) {
      if (now - lastSubmit.current < submitGraceMs) return;
      const known = deadlines.current;
      // Within a second of a deadline we knew of: that deadline is why.
      const reason = known && now >= known.idle - pollMs ? "idle" : known && now >= known.absolute - pollMs ? "expired" : "ended";
      leave(reason);
      return;
    }
    const idle = now + status.idleExpiresInSeconds * 1000;
    const absolute = now + status.expiresInSeconds * 1000;
    deadlines.current = { idle, absolute };
    // Only the idle deadline can be moved: no warning when the absolute one comes first.
    const warn = idle < absolute && status.idleExpiresInSeconds <= status.idleWarningSeconds;
    setWarning((shown) => (warn ? (shown?.endsAt === idle ? shown : { endsAt: idle }) : null));
  }, [leave]);

  useSessionChecks(check, true);
  // Announce this tab: other tabs on the sign-in page follow it into the app.
  useEffect(nudgeOtherTabs, []);

  const staySignedIn = useCallback(async () => {
    // One request that renews: the session is due for renewal by the time the warning shows.
    const response = await fetch("/api/auth/session", { cache: "no-store", credentials: "same-origin" }).catch(() => null);
    if (response?.status === 401) return leave("ended");
    await check();
    nudgeOtherTabs();
  }, [check, leave]);

  if (!warning) return null;
  return <IdleWarning endsAt={warning.endsAt} onStay={staySignedIn} onDeadline={() => leave("idle")} />;
}

/** WCAG 2.2.1: a modal alert dialog with a countdown; focus moves into it and back where it was. */
function IdleWarning({ endsAt, onStay, onDeadline }: { endsAt: number; onStay: () => void; onDeadline: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [secondsLeft, setSecondsLeft] = useState(() => Math.max(0, Math.ceil((endsAt - Date.now()) / 1000)));

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    dialog.current?.querySelector<HTMLButtonElement>("button[data-stay]")?.focus();
    return () => previous?.focus?.();
  }, []);

  useEffect(() => {
    const interval = setInterval(() => {
      const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      setSecondsLeft(left);
      if (left === 0) onDeadline();
    }, 250);
    return () => clearInterval(interval);
  }, [endsAt, onDeadline]);

  const minutes = Math.floor(secondsLeft / 60);
  const seconds = String(secondsLeft % 60).padStart(2, "0");
  return (
    <dialog
      ref={dialog}
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-warning-title"
      aria-describedby="idle-warning-text"
      className="card idle-warning"
      // Escape must not dismiss it silently: it asks for an answer.
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id="idle-warning-title" style={{ marginTop: 0 }}>
        Your session is about to end
      </h2>
      <p id="idle-warning-text">
        You have been inactive for a while. For your security you will be signed out in{" "}
        <span role="timer" data-testid="idle-countdown">
          {minutes}:{seconds}
        </span>
        .
      </p>
      <div className="actions">
        <button type="button" data-stay onClick={onStay}>
          Stay signed in
        </button>{" "}
        <form method="post" action="/sign-out" style={{ display: "inline" }}>
          <button type="submit" className="secondary">
            Sign out
          </button>
        </form>
      </div>
    </dialog>
  );
}

/** On the sign-in page: once this browser is signed in (in another tab), go to the dashboard. */
export function SignInWatch() {
  const check = useCallback(async () => {
    const status = await fetchStatus();
    // A full load: the dashboard's layout starts this tab's SessionWatch afresh.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    if (status?.active) location.assign("/dashboard");
  }, []);
  useSessionChecks(check, false);
  // Arriving here after a sign-out: the other tabs look now instead of at their next tick.
  useEffect(nudgeOtherTabs, []);
  return null;
}

// The arithmetic of a session's two deadlines, kept free of I/O so it is easy to test.

export type ExpiryPolicy = {
  idleTimeoutSeconds: number;
  rememberIdleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
  renewalFraction: number;
};

export type Deadlines = { idleExpiresAt: Date; absoluteExpiresAt: Date };

const ms = (seconds: number) => seconds * 1000;

export function idleTimeoutSeconds(policy: ExpiryPolicy, persistent: boolean): number {
  return persistent ? policy.rememberIdleTimeoutSeconds : policy.idleTimeoutSeconds;
}

/** `notAfter`: a deadline the new session may not outlive (the one it replaces). */
export function initialDeadlines(policy: ExpiryPolicy, persistent: boolean, now: Date, notAfter?: Date): Deadlines {
  const absolute = new Date(now.getTime() + ms(policy.absoluteTimeoutSeconds));
  const absoluteExpiresAt = notAfter ? earlier(absolute, notAfter) : absolute;
  const idle = new Date(now.getTime() + ms(idleTimeoutSeconds(policy, persistent)));
  return { idleExpiresAt: earlier(idle, absoluteExpiresAt), absoluteExpiresAt };
}

/** When the session ends if nothing else happens: the sooner of its two deadlines. */
export function expiresAt(deadlines: Deadlines): Date {
  return earlier(deadlines.idleExpiresAt, deadlines.absoluteExpiresAt);
}

export function isExpired(deadlines: Deadlines, now: Date): boolean {
  return expiresAt(deadlines).getTime() <= now.getTime();
}

/**
 * The new idle deadline if the session is due for renewal, else null. A session is
 * due once `renewalFraction` of its idle timeout has passed since the deadline was
 * last set, so steady traffic writes at most once per that interval.
 */
export function renewedIdleDeadline(policy: ExpiryPolicy, session: Deadlines & { persistent: boolean }, now: Date): Date | null {
  if (isExpired(session, now)) return null;
  const timeout = ms(idleTimeoutSeconds(policy, session.persistent));
  const remaining = session.idleExpiresAt.getTime() - now.getTime();
  if (remaining > timeout * (1 - policy.renewalFraction)) return null;
  const renewed = earlier(new Date(now.getTime() + timeout), session.absoluteExpiresAt);
  return renewed.getTime() > session.idleExpiresAt.getTime() ? renewed : null;
}

function earlier(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

import crypto from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { getConfig } from "./config";
import { validateSessionToken, type ValidatedSession } from "./session";
import { expiresAt } from "./session-expiry";

type SessionSeal = { token: string };

// iron-session names each secret by a number stored in the seal. Deriving the number
// from the secret keeps old seals readable whatever order the secrets are listed in.
function secretId(secret: string): number {
  return crypto.createHash("sha256").update(secret).digest().readUInt32BE(0);
}

export function unsealPasswords(): Record<string, string> {
  return Object.fromEntries(getConfig().sessionSecrets.map((secret) => [secretId(secret), secret]));
}

/** The secret that seals new cookies, under its id. */
export function sealPassword(): Record<string, string> {
  const [current] = getConfig().sessionSecrets as [string];
  return { [secretId(current)]: current };
}

export async function sealSessionToken(token: string): Promise<string> {
  const config = getConfig();
  const [current] = config.sessionSecrets as [string];
  // The seal's own expiry backs up the absolute deadline kept on the server.
  return sealData({ token } satisfies SessionSeal, {
    password: { [secretId(current)]: current },
    ttl: config.sessionAbsoluteTimeoutSeconds,
  });
}

const sealShape = /^Fe26\.2\*[0-9]+\*[0-9a-f]+\*[\w-]+\*[\w-]+\*[0-9]*\*[0-9a-f]+\*[\w-]+~2$/;

// Unsealing costs two key derivations and a decryption (a third of a millisecond of CPU
// here, more than the store's read), and a seal always holds the same token: each seal
// this process unsealed is remembered until its own expiry, for the secrets that unsealed
// it. Only seals the server made get here, and the store is still asked on every request.
const maxUnsealed = 10_000;
const unsealedBySecrets = new WeakMap<readonly string[], Map<string, { token: string; expiresAt: number }>>();

/** The token inside a cookie value, or null for anything the server did not seal. */
export async function unsealSessionToken(seal: string | undefined): Promise<string | null> {
  // iron-session reads the "~2" version suffix leniently ("~2x" passes); insist on the exact form we issue.
  if (!seal || seal.length > 4096 || !sealShape.test(seal)) return null;
  const { sessionSecrets, sessionAbsoluteTimeoutSeconds } = getConfig();
  let unsealed = unsealedBySecrets.get(sessionSecrets);
  if (!unsealed) unsealedBySecrets.set(sessionSecrets, (unsealed = new Map()));
  const known = unsealed.get(seal);
  if (known && Date.now() < known.expiresAt) return known.token;
  try {
    const data = await unsealData<Partial<SessionSeal>>(seal, { password: unsealPasswords(), ttl: sessionAbsoluteTimeoutSeconds });
    if (typeof data.token !== "string") return null;
    // The seal's sixth field is its expiry (epoch milliseconds), which the HMAC just checked covers.
    const expiresAt = Number(seal.split("*")[5] || 0);
    // Map keeps insertion order: the first key is the oldest entry.
    if (unsealed.size >= maxUnsealed) unsealed.delete(unsealed.keys().next().value!);
    if (expiresAt > 0) unsealed.set(seal, { token: data.token, expiresAt });
    return data.token;
  } catch {
    // Malformed seals throw (bad base64, bad expiry field, ...); they are simply not sessions.
    return null;
  }
}

/**
 * The session behind a cookie value as the browser sent it, or null for none (see
 * validateSessionToken, which this unseals the token for).
 */
export async function validateSessionCookie(seal: string | undefined, options: { renew: boolean }): Promise<ValidatedSession | null> {
  const token = await unsealSessionToken(seal);
  return token ? validateSessionToken(token, options) : null;
}

export type CookieOptions = {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  secure: boolean;
  expires?: Date;
  maxAge?: number;
};

type SessionDeadlines = { persistent: boolean; idleExpiresAt: Date; absoluteExpiresAt: Date };

/** Anything that sets cookies the way Next does: `cookies()` and `NextResponse#cookies`. */
type CookieWriter = { set(name: string, value: string, options: CookieOptions): unknown };

function baseOptions(): CookieOptions {
  // No Domain: the cookie stays on this exact host.
  return { httpOnly: true, sameSite: "lax", path: "/", secure: getConfig().secureCookies };
}

/**
 * A "remember me" cookie lives until the session's current deadline, and is sent
 * again each time the deadline moves; otherwise it is a browser-session cookie.
 * The server enforces the deadlines either way.
 */
export function setSessionCookie(writer: CookieWriter, seal: string, session: SessionDeadlines): void {
  const options = baseOptions();
  if (session.persistent) options.expires = expiresAt(session);
  writer.set(sessionCookieName(), seal, options);
}

// Same attributes as when it was set: browsers ignore a __Host- cookie without Secure and Path=/.
export function clearSessionCookie(writer: CookieWriter): void {
  writer.set(sessionCookieName(), "", { ...baseOptions(), maxAge: 0, expires: new Date(0) });
}

/**
 * What every sign-out (API and page) sends besides the expired cookie: the browser drops
 * what it cached and stored for this site. Not "cookies", which would also wipe the
 * device cookie that must outlive the session (A3); the session cookie is expired by name.
 */
export const signOutHeaders = { "Cache-Control": "no-store", "Clear-Site-Data": '"cache", "storage"' } as const;

export function sessionCookieName(): string {
  return getConfig().sessionCookieName;
}

// A sign-in waiting for its second factor has a cookie of its own (same sealing,
// same attributes), so nothing that reads the session cookie can mistake it for one.

export function challengeCookieName(): string {
  return `${getConfig().sessionCookieName}-2fa`;
}

export function setChallengeCookie(writer: CookieWriter, seal: string, expires: Date): void {
  writer.set(challengeCookieName(), seal, { ...baseOptions(), expires });
}

export function clearChallengeCookie(writer: CookieWriter): void {
  writer.set(challengeCookieName(), "", { ...baseOptions(), maxAge: 0, expires: new Date(0) });
}

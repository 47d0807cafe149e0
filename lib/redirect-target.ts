import { getConfig } from "./config";

// Where a `next` (or any return path taken from a request) may send the browser:
// only somewhere on this site. A prefix test is not enough, since browsers drop
// tabs and newlines from URLs, read "\" as "/" and map full-width characters in
// host names, so "/\tevil.example/" or "/\\evil.example" leave the site. Instead
// the value is resolved the way a browser would, and refused unless it stays on
// this origin in every form it could take on the way (as sent, percent-decoded,
// NFKC-normalized).

export const defaultRedirectPath = "/dashboard";

/**
 * The path and query of the page being served, as proxy.ts forwards it to the app
 * (server components cannot read the URL). proxy.ts sets it on every page request
 * and server action, so a value sent by the client never gets through.
 */
export const requestPathHeader = "x-session-auth-path";

const maxLength = 2048;
// C0 and C1 controls, DEL and the backslash: none belongs in a path we hand out.
const forbidden = /[\u0000-\u001f\u007f-\u009f\\]/;
// Rounds of percent-decoding checked: enough for a value encoded twice or three times.
const decodingRounds = 3;

/**
 * A path on this site (pathname + search + hash) for `value`, or `fallback` when
 * the value is missing, malformed or could lead anywhere else.
 */
export function resolveRedirectTarget(value: unknown, fallback = defaultRedirectPath): string {
  if (typeof value !== "string" || value.length === 0 || value.length > maxLength) return fallback;
  const origin = getConfig().appOrigin;
  const forms = readingsOf(value);
  if (!forms || !forms.every((form) => staysOnOrigin(form, origin))) return fallback;
  const target = new URL(value, origin);
  return target.pathname + target.search + target.hash;
}

/** The value as sent and as each round of decoding would read it; null if it cannot be decoded. */
function readingsOf(value: string): string[] | null {
  const forms = [value];
  let current = value;
  for (let round = 0; round < decodingRounds; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (decoded === current) break;
    forms.push(decoded);
    current = decoded;
  }
  // Full-width "／" and "．" become "/" and "." under NFKC, as some servers and host parsers apply it.
  return forms.flatMap((form) => [form, form.normalize("NFKC")]);
}

function staysOnOrigin(form: string, origin: string): boolean {
  if (forbidden.test(form)) return false;
  let resolved: URL;
  try {
    resolved = new URL(form, origin);
  } catch {
    return false;
  }
  // "//host" as a path would be read as another host when sent back in Location.
  return resolved.origin === origin && !resolved.pathname.startsWith("//");
}

import type { AsyncLocalStorage } from "node:async_hooks";
import net from "node:net";
import { getConfig } from "./config";
import { AppError } from "./errors";
import { log } from "./log";

// What the app knows and checks about the client behind a request.

type HeaderSource = { get(name: string): string | null };

/**
 * What server.mjs knows of the request being served, held in an AsyncLocalStorage that it
 * shares through globalThis and runs each request in: no header, so no client can write it.
 * Absent under `next start` and `next dev`, which do not run server.mjs. `afterResponse`
 * holds a task until the response has closed (lib/after-response.ts).
 */
export type RequestContext = {
  requestId: string;
  socketAddress: string | null;
  afterResponse?: (task: () => Promise<void>) => void;
};

const globalForContext = globalThis as unknown as { sessionAuthRequestContext?: AsyncLocalStorage<RequestContext> };

/** The context of the request being served under server.mjs; none elsewhere. */
export function getRequestContext(): RequestContext | undefined {
  return globalForContext.sessionAuthRequestContext?.getStore();
}

/**
 * Set by server.mjs on every request that may change something (GET and HEAD get none;
 * whatever value the client sent is replaced or deleted): the key
 * of the request's AbortSignal in `globalThis.sessionAuthClientSignals`, which fires
 * when the client closes its connection before the answer is sent. Server actions have
 * no Request object, and Next's own `request.signal` exists in route handlers only;
 * this one reaches both through headers().
 */
export const clientSignalHeader = "x-session-auth-request-id";

const globalForSignals = globalThis as unknown as { sessionAuthClientSignals?: Map<string, AbortSignal> };

/**
 * The signal that fires when the client behind the request has gone; none when the
 * app runs without server.mjs (`next dev`, unit tests). A key server.mjs no longer
 * holds means the connection has already closed.
 */
export function getClientSignal(headers: HeaderSource): AbortSignal | undefined {
  const signals = globalForSignals.sessionAuthClientSignals;
  const key = headers.get(clientSignalHeader);
  if (!signals || !key) return undefined;
  return signals.get(key) ?? AbortSignal.abort();
}

/**
 * Under server.mjs: the socket's address; or, when the socket is a trusted proxy
 * (TRUSTED_PROXIES), the nearest X-Forwarded-For entry that is not itself a trusted proxy.
 * Anything a client writes in X-Forwarded-For is ignored unless a trusted proxy sent it.
 *
 * Under `next start` or `next dev` the socket is out of reach; Next passes X-Forwarded-For,
 * set to the socket's address only when the request has none. So the chain is read the same
 * way from its last entry, which is the socket's address or what the nearest proxy saw;
 * a client that reaches the app directly can write that entry (logClientAddressSource says so).
 */
export function getClientIp(headers: HeaderSource): string | null {
  const context = globalForContext.sessionAuthRequestContext;
  const trusted = getConfig().trustedProxies;
  const chain = () => (headers.get("x-forwarded-for") ?? "").split(",").map((entry) => normalizeIp(entry.trim()));
  if (!context) {
    const forwarded = chain();
    const last = forwarded.pop() ?? null;
    return last && trusted ? nearestUntrusted(trusted, last, forwarded) : last;
  }
  const socketIp = normalizeIp(context.getStore()?.socketAddress);
  if (!socketIp || !trusted) return socketIp;
  return nearestUntrusted(trusted, socketIp, chain());
}

/** Walking `chain` back from `hop`, the first address that is not a trusted proxy (or the last readable one). */
function nearestUntrusted(trusted: net.BlockList, hop: string, chain: (string | null)[]): string {
  let client = hop;
  for (let i = chain.length - 1; i >= 0 && isTrusted(trusted, client); i--) {
    const next = chain[i];
    if (!next) break; // a malformed entry: stop at the last address we could trust
    client = next;
  }
  return client;
}

/** Said once at start (instrumentation.ts): where client addresses come from, for the operator to check. */
export function logClientAddressSource(): void {
  const behindProxies = getConfig().trustedProxies !== null;
  if (globalForContext.sessionAuthRequestContext) {
    log.info(
      behindProxies
        ? "client addresses: the socket's (server.mjs), or X-Forwarded-For when the socket is one of TRUSTED_PROXIES"
        : "client addresses: the socket's (server.mjs); X-Forwarded-For is ignored (no TRUSTED_PROXIES)",
    );
  } else if (behindProxies) {
    log.warn(
      "client addresses: X-Forwarded-For read back past TRUSTED_PROXIES, without server.mjs (next start or next dev): the proxy must be the only way in",
    );
  } else {
    log.warn(
      "client addresses: the last X-Forwarded-For entry, without server.mjs (next start or next dev): Next sets it from the socket only when the client sent none, so a direct client can choose its own; use npm start, or a proxy and TRUSTED_PROXIES",
    );
  }
}

export function getUserAgent(headers: HeaderSource): string | null {
  const userAgent = headers.get("user-agent");
  return userAgent ? userAgent.slice(0, 512) : null;
}

/**
 * The key every per-address limit counts under: an IPv4 address as it is, an IPv6
 * address by its /64, the smallest block a subscriber is normally given (RFC 6177);
 * keyed by the full address, one client would hold 2^64 budgets.
 */
export function clientAddressKey(ip: string | null): string {
  // No readable address (a garbled X-Forwarded-For under `next start`): such clients share one
  // budget, so writing nonsense buys nobody a fresh one.
  if (ip === null) return "unknown";
  if (!net.isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(":")}::/64`;
}

/** The eight groups of an IPv6 address, each without leading zeros ("2001:db8::1" -> 2001 db8 0 0 0 0 0 1). */
function expandIPv6(ip: string): string[] {
  const address = ip.split("%")[0]!; // without a zone index ("fe80::1%eth0")
  const groupsOf = (part: string) =>
    part
      .split(":")
      .filter(Boolean)
      // An embedded IPv4 address ("64:ff9b::192.0.2.1") stands for the last two groups.
      .flatMap((group) => {
        if (!group.includes(".")) return [group];
        const [a, b, c, d] = group.split(".").map(Number) as [number, number, number, number];
        return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
      });
  const [head = "", tail] = address.split("::");
  const first = groupsOf(head);
  const last = tail === undefined ? [] : groupsOf(tail);
  const zeros: string[] = Array(8 - first.length - last.length).fill("0");
  return [...first, ...zeros, ...last].map((group) => parseInt(group, 16).toString(16));
}

function normalizeIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const plain = ip.startsWith("::ffff:") ? ip.slice("::ffff:".length) : ip;
  return net.isIP(plain) ? plain : null;
}

function isTrusted(trusted: net.BlockList, ip: string): boolean {
  return trusted.check(ip, net.isIPv6(ip) ? "ipv6" : "ipv4");
}

/** HSTS when the app is served over https (APP_URL), for every response: two years, subdomains too. */
export function strictTransportSecurity(): string | null {
  return getConfig().appOrigin.startsWith("https:") ? "max-age=63072000; includeSubDomains" : null;
}

/**
 * One cookie of a Cookie header, read as Next's own cookies() reads it: pairs split on `;`,
 * the value URI-decoded (a pair that does not decode is skipped), the last of a repeated name
 * wins. For reads on every request: cookies() in a route handler builds a writable jar first,
 * some 20 µs that only a request which sets a cookie needs.
 */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  let value: string | undefined;
  for (const pair of (cookieHeader ?? "").split(/; */)) {
    const splitAt = pair.indexOf("=");
    if (splitAt === -1) {
      if (pair === name) value = "true";
      continue;
    }
    if (pair.slice(0, splitAt) !== name) continue;
    try {
      value = decodeURIComponent(pair.slice(splitAt + 1));
    } catch {
      // Not URI-encoded: skipped, as Next's parser does.
    }
  }
  return value;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The one forgery check for every state-changing request, API and server action
 * alike: browsers label cross-site requests (Fetch Metadata) and name their
 * origin; both must point to this app. Clients that send neither (curl, servers)
 * carry no ambient browser cookies to abuse.
 */
export function checkRequestOrigin(method: string, headers: HeaderSource): AppError | null {
  if (safeMethods.has(method.toUpperCase())) return null;
  if (headers.get("sec-fetch-site") === "cross-site") {
    return new AppError("forbidden", 403, "Cross-site requests are not allowed.");
  }
  const origin = headers.get("origin");
  if (origin !== null && origin !== getConfig().appOrigin) {
    return new AppError("forbidden", 403, "This request did not come from this site.");
  }
  return null;
}

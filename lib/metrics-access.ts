import crypto from "node:crypto";
import net from "node:net";
import { getConfig } from "./config";
import { AppError } from "./errors";
import { getClientIp } from "./request";

// Who may read GET /api/metrics: a scraper on this machine, or one that holds
// METRICS_TOKEN. The metrics tell an outsider how busy the app is and how its
// defences are being exercised; everyone else is answered as if there were no such
// endpoint, the very answer of an unknown API path (app/api/[...path]), which also
// does not say whether a token would help.

type HeaderSource = { get(name: string): string | null };

const loopback = new net.BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/**
 * The client is on this machine: its address (lib/request.ts getClientIp) is loopback,
 * and nothing says the request came through a proxy from anywhere else. That second
 * part is for a reverse proxy on this machine that is missing from TRUSTED_PROXIES:
 * the app then sees every visitor at the proxy's loopback address, and would take
 * them all for a local scraper. Next itself fills in X-Forwarded-For with the socket's
 * address when a request has none; a proxy adds the visitor's.
 */
export function isLoopbackClient(headers: HeaderSource): boolean {
  if (headers.get("forwarded") !== null || headers.get("x-real-ip") !== null) return false;
  const forwardedFor = headers.get("x-forwarded-for");
  if (forwardedFor !== null && !forwardedFor.split(",").every((entry) => isLoopbackAddress(entry.trim()))) return false;
  return isLoopbackAddress(getClientIp(headers));
}

function isLoopbackAddress(address: string | null): boolean {
  const ip = address?.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  const family = ip ? net.isIP(ip) : 0;
  return family !== 0 && loopback.check(ip!, family === 6 ? "ipv6" : "ipv4");
}

/** `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time. */
export function hasMetricsToken(headers: HeaderSource): boolean {
  const token = getConfig().metricsToken;
  const match = /^Bearer +(\S+) *$/i.exec(headers.get("authorization") ?? "");
  if (!token || !match) return false;
  // Digests of equal length, so neither the comparison nor its refusal depends on the token's length.
  const digest = (value: string) => crypto.createHash("sha256").update(value).digest();
  return crypto.timingSafeEqual(digest(match[1]!), digest(token));
}

/** Throws the unknown-endpoint 404 unless the request may read the metrics. */
export function assertMetricsAccess(headers: HeaderSource): void {
  if (isLoopbackClient(headers) || hasMetricsToken(headers)) return;
  throw new AppError("not_found", 404, "No such API endpoint.");
}

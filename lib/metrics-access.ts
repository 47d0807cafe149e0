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
 * Headers a reverse proxy adds. A request that carries one came through a proxy, even
 * when TRUSTED_PROXIES is unset and the proxy's own loopback address is all the app
 * sees of it: then every visitor behind that proxy would pass for a local scraper.
 */
const forwardingHeaders = ["x-forwarded-for", "forwarded", "x-real-ip"];

export function isLoopbackClient(headers: HeaderSource): boolean {
  if (forwardingHeaders.some((name) => headers.get(name) !== null)) return false;
  const ip = getClientIp(headers);
  return ip !== null && loopback.check(ip, net.isIPv6(ip) ? "ipv6" : "ipv4");
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

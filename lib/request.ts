// What the app knows about the client behind a request.

/**
 * Set by server.mjs from the TCP socket, after deleting any value the client sent:
 * `next start` alone cannot tell a client's own X-Forwarded-For from the socket address.
 */
export const socketAddressHeader = "x-session-auth-socket-address";

type HeaderSource = { get(name: string): string | null };

export function getClientIp(headers: HeaderSource): string | null {
  return normalizeIp(headers.get(socketAddressHeader));
}

export function getUserAgent(headers: HeaderSource): string | null {
  const userAgent = headers.get("user-agent");
  return userAgent ? userAgent.slice(0, 512) : null;
}

function normalizeIp(ip: string | null): string | null {
  if (!ip) return null;
  return ip.startsWith("::ffff:") ? ip.slice("::ffff:".length) : ip;
}

import http from "node:http";
import type { ApiResponse } from "./api";

// Requests from distinct loopback addresses: the server sees 127.x.y.z as different
// clients, so per-address limits are each client's own. That is how tests play many
// attackers (and the owner) at once: `callFrom` for requests like `call`'s (kept-alive,
// one agent per address), `postFrom` for floods (one socket each, timed).

/** The `index`th of 62,500 addresses in 127.1.0.1 - 127.250.250.250 (never .0 or .255). */
export function loopbackAddress(index: number): string {
  return `127.${1 + Math.floor(index / 62_500)}.${Math.floor(index / 250) % 250}.${(index % 250) + 1}`;
}

export type TimedResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  /** From the request's start to the last byte of the answer. */
  ms: number;
};

/**
 * A JSON POST on a connection of its own from `localAddress` (no keep-alive: one socket
 * per request, closed when answered). `signal` aborts it by destroying the socket, as a
 * client that gives up does.
 */
export function postFrom(
  localAddress: string,
  url: string,
  json: unknown,
  options: { cookie?: string; signal?: AbortSignal } = {},
): Promise<TimedResponse> {
  const started = performance.now();
  const payload = JSON.stringify(json);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        localAddress,
        agent: false,
        signal: options.signal,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(payload),
          connection: "close",
          ...(options.cookie ? { cookie: options.cookie } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON; keep the text
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, ms: performance.now() - started });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

const agents = new Map<string, http.Agent>();

function agentFor(localAddress: string): http.Agent {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
}

/** The loopback address number `n` (1-254): 127.0.0.n. */
export const loopback = (n: number) => `127.0.0.${n}`;

/** Like `call` (support/api.ts), from `localAddress`; `cookie` is the whole Cookie header. */
export function callFrom(
  localAddress: string,
  baseURL: string,
  method: string,
  path: string,
  options: { json?: unknown; cookie?: string | null; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const url = new URL(path, baseURL);
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = { host: url.host, ...options.headers };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (options.cookie) headers.cookie = options.cookie;
  return new Promise((resolve, reject) => {
    const request = http.request(
      // The server listens on IPv4; "localhost" might resolve to ::1, unreachable from 127.0.0.x.
      { host: "127.0.0.1", port: url.port, path: url.pathname + url.search, method, headers, agent: agentFor(localAddress) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            // not JSON
          }
          const setCookies = ([] as string[]).concat(response.headers["set-cookie"] ?? []);
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === "string") responseHeaders.set(name, value);
          }
          const session = setCookies.map((c) => c.split(";")[0]!).find((pair) => /session=./.test(pair)) ?? null;
          resolve({ status: response.statusCode ?? 0, headers: responseHeaders, body: parsed, cookie: session, setCookies });
        });
      },
    );
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

/** The `name=value` of the device cookie a response set, if any. */
export function deviceCookieOf(response: ApiResponse): string | null {
  return response.setCookies.map((c) => c.split(";")[0]!).find((pair) => /-device=./.test(pair)) ?? null;
}

import http from "node:http";
import type { ApiResponse } from "./api";

// Requests from distinct loopback addresses: the server sees 127.0.0.x as different
// clients, which is how tests play many attackers (and the owner) at once.

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

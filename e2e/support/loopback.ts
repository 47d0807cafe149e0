import http from "node:http";

// Requests from distinct loopback addresses: the server sees 127.x.y.z as different
// clients, so per-address limits are each client's own.

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

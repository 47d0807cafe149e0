import type { NextRequest } from "next/server";
import { z } from "zod";
import { AppError, type FieldErrors, invalidInput, toAppError } from "./errors";
import { log } from "./log";
import { checkRequestOrigin, getRequestContext, strictTransportSecurity } from "./request";
import { securityHeadersFor } from "./security-headers.mjs";

// The JSON API's plumbing: one response shape for errors, one body reader, one
// place that decides which methods a route answers.

export const maxJsonBodyBytes = 16 * 1024;

const noStore = { "Cache-Control": "no-store" };

export function json(body: unknown, init: ResponseInit = {}): Response {
  const response = Response.json(body, init);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export function noContent(headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 204, headers: { ...noStore, ...headers } });
}

const isJsonContentType = (value: string) => /^application\/json\s*(;|$)/i.test(value);

export function errorResponse(error: unknown): Response {
  const known = toAppError(error);
  if (known) {
    if (known !== error) log.error("store unavailable", { error: String(error) });
    const body: { code: string; message: string; fields?: FieldErrors } = { code: known.code, message: known.message };
    if (known.fieldErrors) body.fields = known.fieldErrors;
    return json({ error: body }, { status: known.status, headers: known.headers });
  }
  // Anything else is our bug: log it, tell the client nothing about it.
  log.error("unhandled error", { error });
  return json({ error: { code: "internal_error", message: "Something went wrong." } }, { status: 500 });
}

/** Zod issues as `{ field: [messages] }`, the shape forms and API clients both use. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Query parameters as an object; a repeated parameter becomes an array, which string schemas refuse. */
export function queryObject(searchParams: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    result[key] = values.length === 1 ? values[0]! : values;
  }
  return result;
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidInput(fieldErrorsOf(result.error));
  return result.data;
}

/** Reads a JSON body: application/json only, small, well-formed, and shaped like `schema`. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  if (!isJsonContentType(request.headers.get("content-type") ?? "")) {
    throw new AppError("unsupported_media_type", 415, "Send the body as application/json.");
  }
  const text = await readLimitedText(request, maxJsonBodyBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", 400, "The body is not valid JSON.");
  }
  return parseInput(schema, body);
}

// Past this, a client is not merely mistaken: stop reading and let the connection go.
const maxDrainBytes = 32 * 1024 * 1024;

async function readLimitedText(request: Request, limit: number): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", 413, `The body must be at most ${limit} bytes.`);
  if (!request.body) return "";
  // Count what actually arrives, whatever Content-Length says (it may be absent or wrong).
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  const declaredTooLarge = Number(request.headers.get("content-length")) > limit;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    // Too large: keep reading without keeping, so the connection stays usable for the
    // client's next request (answering early would break its upload mid-way).
    if (declaredTooLarge || received > limit) {
      if (received > maxDrainBytes) {
        await reader.cancel();
        break;
      }
      continue;
    }
    chunks.push(value);
  }
  if (declaredTooLarge || received > limit) throw tooLarge();
  return new TextDecoder().decode(Buffer.concat(chunks));
}

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof methods)[number];

/**
 * A route's exports for every method: the given handlers with errors turned
 * into the API's shape, and a JSON 405 for the rest.
 */
export function route(handlers: Partial<Record<Method, Handler>>): Record<Method, Handler> {
  const allow = Object.keys(handlers).join(", ");
  const notAllowed: Handler = async () =>
    json({ error: { code: "method_not_allowed", message: `Use ${allow} for this path.` } }, { status: 405, headers: { Allow: allow } });
  const entries = methods.map((method): [Method, Handler] => {
    const handler = handlers[method] ?? notAllowed;
    return [
      method,
      async (request, context) => {
        let response: Response;
        try {
          checkApiRequest(request);
          response = await handler(request, context);
        } catch (error) {
          response = errorResponse(error);
        }
        return withSecurityHeaders(response, request.url);
      },
    ];
  });
  return Object.fromEntries(entries) as Record<Method, Handler>;
}

/** Forgery and content-type checks every API request passes before its handler runs. */
function checkApiRequest(request: NextRequest): void {
  const forgery = checkRequestOrigin(request.method, request.headers);
  if (forgery) throw forgery;
  // The API speaks JSON only: a form or text/plain body (what a cross-site form can send) is refused.
  const contentType = request.headers.get("content-type");
  if (contentType !== null && !isJsonContentType(contentType)) {
    throw new AppError("unsupported_media_type", 415, "Send the body as application/json.");
  }
}

/**
 * HSTS over https; and, without server.mjs to set them on every response (`next start`,
 * `next dev`), the headers of lib/security-headers.mjs for `url`. They are the app's policy,
 * the same under either server: a route's own value of one of them is replaced, as under
 * server.mjs, where they are set first and Next keeps a header already set over the route's.
 */
export function withSecurityHeaders(response: Response, url: string): Response {
  if (!getRequestContext()) {
    for (const [name, value] of securityHeadersFor(new URL(url).pathname)) response.headers.set(name, value);
  }
  const hsts = strictTransportSecurity();
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

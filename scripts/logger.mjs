// The one log format of the server (server.mjs) and the app (lib/log.ts): pino, one JSON
// object per line, {"level":"info","time":"…","message":"…", …fields}; `requestId` on the
// lines written while a request is served. Plain JavaScript, as server.mjs runs before Next.
//
// Nothing secret may reach a line, whoever wrote it and under whatever key:
// - values under a secret-sounding key, at any depth, become "[Redacted]" (pino's `redact`
//   covers the fixed places, such as request headers; the walk below covers the rest);
// - an Error keeps its type, message, stack and code only: the properties libraries hang on
//   errors (a request's body, a query's parameters, a server's reply) are dropped;
// - in every string, link tokens and codes in query strings, passwords in URLs and bearer
//   tokens are cut out, so that a secret quoted in a message or an error is still caught.
import pino from "pino";

export const logLevels = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];

const censor = "[Redacted]";
const secretKey = /pass|token|secret|cookie|authori[sz]ation|pepper|seal|otp|recovery|credential|api-?key|^codes?$/i;
const secretInText = [
  // ?token=… &code=… (mailed links, OAuth-style callbacks)
  [/([?&;](?:[a-z_-]*token|code|secret|password|key)=)[^&\s"'#]+/gi, `$1${censor}`],
  // scheme://user:password@host
  [/(\/\/[^:/\s@]*:)[^@/\s]+@/g, `$1${censor}@`],
  [/(bearer\s+)[a-z0-9._~+/=-]+/gi, `$1${censor}`],
];
// Deeper than this a value is left out: log fields are flat by design, and cycles end here.
const maxDepth = 6;

/** `text` with every secret the patterns above know cut out. */
export function scrubText(text) {
  let scrubbed = text;
  for (const [pattern, replacement] of secretInText) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

function describeError(error, depth) {
  const described = { type: error.name, message: scrubText(String(error.message)) };
  if (error.stack) described.stack = scrubText(error.stack);
  if (typeof error.code === "string" || typeof error.code === "number") described.code = error.code;
  if (error.cause !== undefined) described.cause = scrubValue(error.cause, depth + 1);
  return described;
}

/** A copy of `value` fit for a log line (see the top of this file). */
export function scrubValue(value, depth = 0) {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return describeError(value, depth);
  if (depth >= maxDepth) return "[Too deep]";
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, depth + 1));
  // Headers, Map, URLSearchParams: by their entries, so that their keys are checked too.
  const keyed = typeof value.get === "function" && typeof value.entries === "function";
  const entries = keyed ? [...value.entries()] : Object.entries(value);
  const copy = {};
  for (const [key, item] of entries) copy[key] = secretKey.test(String(key)) ? censor : scrubValue(item, depth + 1);
  return copy;
}

/**
 * The logger, at LOG_LEVEL (default info; `silent` writes nothing). Lines at warn and above go
 * to standard error, the others to standard output, both written synchronously: a line is out
 * before the next statement runs, and nothing is lost when the process exits.
 * `destination` (tests) takes every line instead.
 */
export function createLogger({ level = process.env.LOG_LEVEL || "info", destination } = {}) {
  if (!logLevels.includes(level)) throw new Error(`LOG_LEVEL must be one of ${logLevels.join(", ")}, not "${level}"`);
  const stream =
    destination ??
    pino.multistream(
      [
        { level: "trace", stream: pino.destination({ dest: 1, sync: true }) },
        { level: "warn", stream: pino.destination({ dest: 2, sync: true }) },
      ],
      { dedupe: true },
    );
  return pino(
    {
      level,
      messageKey: "message",
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => scrubValue(fields),
      },
      // The fixed places where secrets sit; the scrub above catches the same keys anywhere.
      redact: {
        paths: ["req.headers.cookie", "req.headers.authorization", 'req.headers["proxy-authorization"]', 'res.headers["set-cookie"]'],
        censor,
      },
      hooks: {
        // The message itself is scrubbed like any other string.
        logMethod(args, method) {
          method.apply(
            this,
            args.map((arg) => (typeof arg === "string" ? scrubText(arg) : arg)),
          );
        },
      },
      // Written while a request is served: its id (server.mjs runs each request in this context).
      mixin() {
        const requestId = globalThis.sessionAuthRequestContext?.getStore()?.requestId;
        return requestId ? { requestId } : {};
      },
    },
    stream,
  );
}

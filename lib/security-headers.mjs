// The browser security headers that never depend on the request: five on every answer, and on
// the API's a CSP that lets nothing run. The page CSP (with its per-request nonce) and HSTS
// (which depends on APP_URL at run time) are set by proxy.ts and lib/http.ts.
//
// server.mjs sets these on every response before Next sees the request, static files and
// Next's own 404s included. They used to come from next.config.js's headers(), which made Next
// match two path patterns on every request: 35-50 µs of CPU, 4-6% of a no-I/O request
// (bench/README.md, "Request plumbing"). Without server.mjs (`next start`, `next dev`),
// proxy.ts and lib/http.ts set them on pages and API answers instead (the catch-all API 404
// included); Next's static files then go without. Under either server they win over a route's
// own value of the same header: a different policy is changed here, for every answer.

const frozen = (pairs) => Object.freeze(pairs.map((pair) => Object.freeze(pair)));

const everyAnswer = frozen([
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "same-origin"],
  ["X-Frame-Options", "DENY"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
]);

const apiAnswer = frozen([...everyAnswer, ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"]]);

// `/api`, `/api/...`, `/api?...`, in any case: what next.config.js's `/api/:path*` matched.
const apiPath = /^\/api(?:[/?#]|$)/i;

/** The [name, value] pairs every answer to `path` (a request target, query included) carries. */
export function securityHeadersFor(path) {
  return apiPath.test(path) ? apiAnswer : everyAnswer;
}

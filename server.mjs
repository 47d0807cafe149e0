// Production server: Next's own request handler behind a plain Node HTTP server.
// `next start` would do, except that it cannot tell the client's IP address from a
// spoofed X-Forwarded-For header; here each request runs in a context that holds the
// socket's address (and the request's id), which no client can write.
import { AsyncLocalStorage } from "node:async_hooks";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { loadProjectEnv } from "./scripts/load-env.mjs";
import { createLogger } from "./scripts/logger.mjs";
import { migrate } from "./scripts/migrate.mjs";
import { changesAdmittedPerTurn, serverNodeFlags } from "./lib/load-shaping.mjs";
import { securityHeadersFor } from "./lib/security-headers.mjs";

// Taken before Next wraps it (app.prepare() below): Next's copy asks, on every call, whether a
// prerender is under way, and the request id is not the app's randomness.
const { randomUUID } = crypto;
const root = path.dirname(fileURLToPath(import.meta.url));
process.env.NODE_ENV = "production";
// .env and its siblings, before anything reads a setting (LOG_LEVEL included): the migrations
// below run before Next would load them.
const envFiles = loadProjectEnv(root);
// The app's lib/log.ts writes through this one too.
const logger = createLogger();
globalThis.sessionAuthLogger = logger;
// What the app reads of the request being served (lib/request.ts): its id, for the
// log, and the socket's address, for per-address limits. A context, not a header: nothing
// a client sends can fill it, under this server or under `next start`.
const requestContext = new AsyncLocalStorage();
globalThis.sessionAuthRequestContext = requestContext;
// A key to the request's "client has gone" signal, which the app finds through headers()
// (lib/request.ts getClientSignal): queued password checks of a closed connection are dropped.
const clientSignalHeader = "x-session-auth-request-id";
const clientSignals = new Map();
globalThis.sessionAuthClientSignals = clientSignals;
let lastRequestId = 0;

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
// Nothing is fetched at build or run time, Next's anonymous telemetry included.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.chdir(root);

// Flags of Node itself cannot be set from here: `npm start` passes them (see lib/load-shaping.mjs).
// Any value counts (a machine with more cores may want a larger pool), on the command line or in NODE_OPTIONS.
const givenFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].map((flag) => flag.split("=")[0]);
const missingFlags = serverNodeFlags.filter((flag) => !givenFlags.includes(flag.split("=")[0]));
if (missingFlags.length > 0) {
  logger.warn(`started without ${missingFlags.join(" ")}: full garbage collections will hold up requests (npm start sets it)`);
}

if (envFiles.length > 0) logger.info({ files: envFiles }, "settings read from .env files (the environment wins over them)");

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { CHECKPOINT_DISABLE: "1", ...process.env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  logger.info("No production build yet: running `next build` once (about a minute).");
  run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"]);
}
if (process.env.SKIP_MIGRATIONS !== "1") await migrate();

const app = next({ dev: false, dir: root, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

// Requests that change something enter Next a few per turn of the event loop, the rest on the
// following turns; reads are never held back (changesAdmittedPerTurn in lib/load-shaping.mjs).
const waitingChanges = [];
function admitChanges() {
  for (const admit of waitingChanges.splice(0, changesAdmittedPerTurn)) admit();
  if (waitingChanges.length > 0) setImmediate(admitChanges);
}

/** Aborts the request's signal when its connection closes before the answer was sent. */
function watchClient(req, res) {
  const id = String(++lastRequestId);
  const controller = new AbortController();
  clientSignals.set(id, controller.signal);
  req.headers[clientSignalHeader] = id;
  res.once("close", () => {
    clientSignals.delete(id);
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

// At LOG_LEVEL debug or trace, a line per answered request; none at all at the default level.
const logRequests = logger.isLevelEnabled("debug");
function logRequest(req, res, requestId) {
  const started = performance.now();
  res.once("finish", () => {
    const ms = Math.round(performance.now() - started);
    // Headers whole: scripts/logger.mjs redacts cookies and credentials (and tokens in the URL).
    const request = { method: req.method, url: req.url, headers: req.headers };
    logger.debug({ requestId, req: request, res: { status: res.statusCode, headers: res.getHeaders() }, ms }, "request");
  });
}

// Work the app holds until its answer has gone (lib/after-response.ts), each task run in its
// request's context once the response has closed, whether it finished or its client hung up.
// Kept here until done, so that a shutdown lets it finish.
const unfinishedWork = new Set();
function runAfterClose(res, context, task) {
  const run = () => {
    const done = Promise.resolve()
      .then(() => requestContext.run(context, task))
      // lib/after-response.ts catches its own; this one keeps any other rejection from going unhandled.
      .catch((error) => logger.error({ requestId: context.requestId, error: String(error) }, "work after the response failed"))
      .finally(() => unfinishedWork.delete(done));
    unfinishedWork.add(done);
  };
  if (res.closed) setImmediate(run);
  else res.once("close", run);
}

const server = http.createServer((req, res) => {
  const context = {
    requestId: randomUUID(),
    socketAddress: req.socket.remoteAddress ?? null,
    afterResponse: (task) => runAfterClose(res, context, task),
  };
  // Random, so it tells a client nothing (a counter would show the server's traffic): the id to quote.
  res.setHeader("X-Request-Id", context.requestId);
  // Before Next sees the request, so that every answer carries them: refusals, static files and
  // Next's own 404s included (lib/security-headers.mjs).
  for (const [name, value] of securityHeadersFor(req.url ?? "/")) res.setHeader(name, value);
  if (logRequests) logRequest(req, res, context.requestId);
  const serve = () => requestContext.run(context, () => handle(req, res));
  if (req.method === "GET" || req.method === "HEAD") {
    delete req.headers[clientSignalHeader];
    return serve();
  }
  const clientGone = watchClient(req, res);
  const admit = () => {
    // A change whose client left while it waited here is not worth routing.
    if (clientGone.aborted) return;
    // A sign-in when the hashing line is full: its 503 at once (lib/hashing-queue.ts refuseAtDoor).
    const refusal = globalThis.sessionAuthRefuseAtDoor?.(req.method, req.url ?? "", req.headers.cookie);
    if (!refusal) return serve();
    res.writeHead(refusal.status, { ...refusal.headers, Connection: "close" });
    res.end(refusal.body);
  };
  if (waitingChanges.push(admit) === 1) setImmediate(admitChanges);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  logger.info(`listening on http://localhost:${port}`);
});

// Finish what is in flight (requests, then the work they left for after their responses), then
// close the database pool, Redis and the hashing threads (lib/shutdown.ts registers them) and
// exit; a second signal exits at once.
async function closePools() {
  const hooks = globalThis.sessionAuthShutdownHooks;
  await Promise.allSettled([...(hooks?.values() ?? [])].map(async (close) => close()));
  hooks?.clear();
}

let closing = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    logger.info(`${signal}: draining requests`);
    server.close(async () => {
      await Promise.allSettled(unfinishedWork);
      await closePools();
      logger.info("requests drained, pools closed");
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}

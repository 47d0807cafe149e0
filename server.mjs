// Production server: Next's own request handler behind a plain Node HTTP server.
// `next start` would do, except that it cannot tell the client's IP address from a
// spoofed X-Forwarded-For header; here the socket address is recorded first.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { loadProjectEnv } from "./scripts/load-env.mjs";
import { migrate } from "./scripts/migrate.mjs";
import { serverNodeFlags } from "./scripts/server-flags.mjs";

const root = path.dirname(fileURLToPath(import.meta.url));
const socketAddressHeader = "x-session-auth-socket-address";
// A key to the request's "client has gone" signal, which the app finds through headers()
// (lib/request.ts getClientSignal): queued password checks of a closed connection are dropped.
const clientSignalHeader = "x-session-auth-request-id";
const clientSignals = new Map();
globalThis.sessionAuthClientSignals = clientSignals;
let lastRequestId = 0;

process.env.NODE_ENV = "production";
// .env and its siblings, before anything reads a setting: the migrations below run before Next would load them.
const envFiles = loadProjectEnv(root);
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
// Nothing is fetched at build or run time, Next's anonymous telemetry included.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.chdir(root);

// Flags of Node itself cannot be set from here: `npm start` passes them (see scripts/server-flags.mjs).
// Any value counts (a machine with more cores may want a larger pool), on the command line or in NODE_OPTIONS.
const givenFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].map((flag) => flag.split("=")[0]);
const missingFlags = serverNodeFlags.filter((flag) => !givenFlags.includes(flag.split("=")[0]));
if (missingFlags.length > 0) {
  const message = `started without ${missingFlags.join(" ")}: full garbage collections will hold up requests (npm start sets it)`;
  console.warn(JSON.stringify({ time: new Date().toISOString(), level: "warn", message }));
}

if (envFiles.length > 0) {
  const message = `settings read from ${envFiles.join(", ")} (the environment wins over them)`;
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", message }));
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { CHECKPOINT_DISABLE: "1", ...process.env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("No production build yet: running `next build` once (about a minute).");
  run(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"]);
}
if (process.env.SKIP_MIGRATIONS !== "1") await migrate();

const app = next({ dev: false, dir: root, hostname: "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

// Requests that change something (sign-ins among them) enter Next at most two per
// turn of the event loop, the rest on the following turns. Twenty sign-ins arriving
// together would otherwise all be routed and parsed in one go, and every read that
// arrived with them would wait behind that. Reads are never held back.
const changesPerTurn = 2;
const waitingChanges = [];
function admitChanges() {
  for (const admit of waitingChanges.splice(0, changesPerTurn)) admit();
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

const server = http.createServer((req, res) => {
  req.headers[socketAddressHeader] = req.socket.remoteAddress ?? "";
  if (req.method === "GET" || req.method === "HEAD") {
    delete req.headers[clientSignalHeader];
    return handle(req, res);
  }
  const clientGone = watchClient(req, res);
  const admit = () => {
    // A change whose client left while it waited here is not worth routing.
    if (clientGone.aborted) return;
    // A sign-in when the hashing line is full: its 503 at once (lib/hashing-queue.ts refuseAtDoor).
    const refusal = globalThis.sessionAuthRefuseAtDoor?.(req.method, req.url ?? "", req.headers.cookie);
    if (!refusal) return handle(req, res);
    res.writeHead(refusal.status, { ...refusal.headers, Connection: "close" });
    res.end(refusal.body);
  };
  if (waitingChanges.push(admit) === 1) setImmediate(admitChanges);
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", message: `listening on http://localhost:${port}` }));
});

// Finish what is in flight, then close the database pool, Redis and the hashing
// threads (lib/shutdown.ts registers them) and exit; a second signal exits at once.
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
    console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", message: `${signal}: draining requests` }));
    server.close(async () => {
      await closePools();
      console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", message: "requests drained, pools closed" }));
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}

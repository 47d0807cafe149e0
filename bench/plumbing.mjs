// `node bench/plumbing.mjs`: what each layer of the app's request plumbing adds to a bare
// Next 16 route, as server CPU time per request (robust on a shared machine, where req/s
// follows whatever else runs) and as req/s. Builds variants of bench/bare into
// bench/.plumbing/ (git-ignored), each adding one layer to the one before, then the app
// itself under `next start` and under server.mjs; all on the same no-I/O route.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { serverNodeFlags } from "../lib/load-shaping.mjs";
import { buildNextApp, killOnExit, startNextApp } from "./next-app.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bareDir = path.join(root, "bench", "bare");
const variantsDir = path.join(root, "bench", ".plumbing");
const requests = Number(process.env.PLUMBING_REQUESTS ?? 20_000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const secret = "bench-secret-bench-secret-bench-secret-0123";

// The app's own files for each layer, copied as they are, so the variants follow the app.
const appConfig = fs.readFileSync(path.join(root, "next.config.js"), "utf8");
// The app's next.config.js as it is, rooted at the app for its node_modules.
const configOnly = appConfig.replace(
  "module.exports = nextConfig;",
  'module.exports = { ...nextConfig, turbopack: { root: require("node:path").resolve(__dirname, "../../..") }, typescript: { ignoreBuildErrors: true } };',
);
const matcher = /export const config = \{[\s\S]*?\};/.exec(fs.readFileSync(path.join(root, "proxy.ts"), "utf8"))[0];
const proxyFile = `import { NextResponse } from "next/server";\n\nexport function proxy() {\n  return NextResponse.next();\n}\n\n${matcher}\n`;
const wrappedRoute = `import { json, route } from "../../../../../../../lib/http";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT, PATCH, DELETE } = route({
  GET: async () => json({ status: "ok" }),
});
`;

function makeVariant(name, files) {
  const dir = path.join(variantsDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(bareDir, dir, { recursive: true, filter: (source) => !source.includes(`${path.sep}.next`) });
  for (const [file, text] of Object.entries(files)) {
    if (text === null) fs.rmSync(path.join(dir, file));
    else fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const configLayer = { "next.config.mjs": null, "next.config.js": configOnly };
const proxyLayer = { ...configLayer, "proxy.js": proxyFile };
const wrapperLayer = {
  ...proxyLayer,
  "app/api/health/live/route.js": null,
  "app/api/health/live/route.ts": wrappedRoute,
};

const appEnv = (port, dataDir) => ({
  PORT: String(port),
  APP_URL: `http://localhost:${port}`,
  DATA_DIR: dataDir,
  DATABASE_URL: `file:${dataDir}/app.db`,
  SESSION_SECRET: secret,
  PASSWORD_PEPPER: secret,
  LOG_LEVEL: "silent",
  NEXT_TELEMETRY_DISABLED: "1",
});

async function startApp(port, viaServer) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "session-auth-plumbing-"));
  const nextBin = path.join(root, "node_modules/next/dist/bin/next");
  const args = viaServer ? [...serverNodeFlags, "server.mjs"] : [...serverNodeFlags, nextBin, "start", "-p", String(port)];
  // Migrations first in either case: `next start` does not run them.
  const env = { ...process.env, ...appEnv(port, dataDir), NODE_ENV: "production" };
  const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "inherit"], env });
  killOnExit(child);
  const url = `http://localhost:${port}`;
  for (
    let i = 0;
    i < 600 &&
    !(await fetch(`${url}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    ));
    i++
  )
    await sleep(200);
  return { url, child, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))) };
}

/** Server CPU (user + system, all threads) in ms, from /proc. */
function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function load(url, options) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function perRequest(server) {
  const url = `${server.url}/api/health/live`;
  // A fresh Next server keeps speeding up for tens of seconds as the JIT settles, a bare one the
  // most: after 3,000 requests the bare route still cost 10-20% more than settled, which hid what
  // the layers above it cost. 20 s at full load, then the measured requests.
  await load(url, { duration: 20 });
  const before = cpuMs(server.child.pid);
  const result = await load(url, { amount: requests });
  return { us: ((cpuMs(server.child.pid) - before) * 1000) / result.requests.total, rps: result.requests.average, non2xx: result.non2xx };
}

const layers = [
  { name: "bare Next route (bench/bare, next start)", start: (port) => startNextApp(bareDir, port, "/api/health/live") },
  { name: "+ the app's next.config.js", dir: makeVariant("config", configLayer) },
  { name: "+ proxy.ts with the app's matcher (API excluded)", dir: makeVariant("proxy", proxyLayer) },
  {
    name: "+ route wrapper (lib/http.ts route, json; the security headers, as without server.mjs)",
    dir: makeVariant("wrapper", wrapperLayer),
  },
  { name: "the app under next start (security headers from lib/http.ts)", start: (port) => startApp(port, false) },
  { name: "the app under server.mjs (security headers from server.mjs)", start: (port) => startApp(port, true) },
];
buildNextApp(bareDir);
for (const layer of layers) {
  if (layer.dir) {
    buildNextApp(layer.dir, appEnv(0, fs.mkdtempSync(path.join(os.tmpdir(), "session-auth-plumbing-build-"))));
    layer.start = (port) =>
      startNextApp(layer.dir, port, "/api/health/live", appEnv(port, fs.mkdtempSync(path.join(os.tmpdir(), "session-auth-plumbing-"))));
  }
}

// Two rounds, every layer in each, so that a drift of the machine falls on all of them.
const rows = layers.map((layer) => ({ name: layer.name, runs: [] }));
for (let round = 0; round < 2; round++) {
  for (const [index, layer] of layers.entries()) {
    const server = await layer.start(3300 + index);
    rows[index].runs.push(await perRequest(server));
    await server.stop();
  }
}
const lines = ["| layer | server CPU per request | added | req/s |", "|---|---|---|---|"];
let previous = null;
for (const row of rows) {
  const us = Math.min(...row.runs.map((run) => run.us));
  const rps = Math.max(...row.runs.map((run) => run.rps));
  const added = previous === null ? "" : `${us - previous >= 0 ? "+" : ""}${(us - previous).toFixed(0)} µs`;
  const errors = row.runs.some((run) => run.non2xx) ? " (non-2xx!)" : "";
  lines.push(`| ${row.name} | ${us.toFixed(0)} µs | ${added} | ${rps.toFixed(0)}${errors} |`);
  previous = us;
}
const table = lines.join("\n");
const loadAverage = os.loadavg().map((n) => n.toFixed(1));
const label =
  process.env.BENCH_LABEL ??
  `Run of ${new Date().toISOString().slice(0, 10)} on ${os.availableParallelism()} cores, load average ${loadAverage.join(" ")} at the end.`;
const readme = path.join(root, "bench", "README.md");
const [begin, end] = ["<!-- plumbing:begin -->", "<!-- plumbing:end -->"];
const text = fs.readFileSync(readme, "utf8");
if (text.includes(begin) && text.includes(end)) {
  fs.writeFileSync(readme, `${text.slice(0, text.indexOf(begin) + begin.length)}\n${label}\n\n${table}\n${text.slice(text.indexOf(end))}`);
}
console.log(table);

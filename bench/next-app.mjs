// The small Next apps the benchmarks measure beside the app (bench/bare, bench/peers/*):
// built with the app's own Next, from its node_modules, and served by `next start`.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Servers still running when the benchmark ends (a failed step included) end with it.
const running = new Set();
process.on("exit", () => running.forEach((child) => child.kill("SIGKILL")));
export function killOnExit(child) {
  running.add(child);
  child.once("exit", () => running.delete(child));
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".next" || entry.name === "node_modules" || entry.name.endsWith(".db")) continue;
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
}

/** Builds the app in `dir` unless its build is newer than its sources (and those it shares in `also`). */
export function buildNextApp(dir, env = {}, also = []) {
  const buildId = path.join(dir, ".next", "BUILD_ID");
  const sources = Math.max(newestSource(dir), ...also.map(newestSource));
  if (fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs > sources) return;
  console.error(`building ${path.relative(root, dir)}`);
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  if (result.status !== 0) throw new Error(`next build failed in ${dir}`);
}

/** `next start` on `port`; resolves once `readyPath` answers. */
export async function startNextApp(dir, port, readyPath, env = {}) {
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port)], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  killOnExit(child);
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited in ${dir}`);
    try {
      if ((await fetch(url + readyPath)).ok) break;
    } catch {
      // starting
    }
    await sleep(200);
  }
  const stop = () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")));
  return { url, child, stop };
}

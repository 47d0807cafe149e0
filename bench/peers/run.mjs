// `npm run bench:peers`: the app beside Better Auth, Auth.js (credentials, JWT) and stateless
// iron-session, each a minimal Next app of bench/peers/ built with the app's own Next and
// measured by the same method in one run. Installs the peers into bench/peers/node_modules
// (npm ci from its own lockfile), builds what changed, and writes the table into
// bench/README.md (between the peers markers) and every figure into bench/results-peers.json.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import bcrypt from "bcryptjs";
import { prepareStorage, storageEnv } from "../../e2e/support/storage.mjs";
import { serverNodeFlags } from "../../lib/load-shaping.mjs";
import { buildNextApp, killOnExit, startNextApp } from "../next-app.mjs";

const peersDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(peersDir, "../..");
const duration = Number(process.env.BENCH_SECONDS ?? 8);
const password = "correct horse battery staple";
const secret = "bench-secret-bench-secret-bench-secret-0123";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sum = (values) => values.reduce((total, value) => total + value, 0);
const mean = (values) => sum(values) / values.length;

if (!fs.existsSync(path.join(peersDir, "node_modules", ".package-lock.json"))) {
  console.error("installing the peers into bench/peers/node_modules (npm ci)");
  const install = spawnSync("npm", ["ci", "--ignore-scripts"], { cwd: peersDir, stdio: "inherit" });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
// Imported after the install: the peers' own hash, timed on one core below.
const { verifyPassword, hashPassword } = await import("better-auth/crypto");

// --- HTTP as the load generator sends it: kept-alive connections, plain node:http ----------
const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
function send(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => {
        const setCookie = response.headers["set-cookie"] ?? [];
        resolve({ status: response.statusCode, setCookie, text: Buffer.concat(chunks).toString() });
      });
    });
    // `next start` closes a connection idle for 5 s: one that closed as it was reused is retried.
    request.on("error", (error) =>
      request.reusedSocket && error.code === "ECONNRESET" ? send(url, { method, headers, body }).then(resolve, reject) : reject(error),
    );
    request.end(body);
  });
}
const jsonPost = (url, body, headers = {}) =>
  send(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
const formPost = (url, fields, headers = {}) =>
  send(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
/** The `name=value` of the set cookie named `name` (the last one with a value), or null. */
function cookieNamed(setCookie, name) {
  const pairs = setCookie.map((line) => line.split(";")[0]).filter((pair) => pair.startsWith(`${name}=`) && pair.length > name.length + 1);
  return pairs.at(-1) ?? null;
}
async function expectStatus(pending, statuses, what) {
  const response = await pending;
  if (!statuses.includes(response.status)) throw new Error(`${what}: ${response.status} ${response.text.slice(0, 200)}`);
  return response;
}

// --- One core's rate of each one's own hash -------------------------------------------------
const bcryptHash = bcrypt.hashSync(password, 12);
const scryptHash = await hashPassword(password);
async function perSecond(once) {
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < 2000) {
    await once();
    count++;
  }
  return count / ((performance.now() - start) / 1000);
}
const bcryptOnOneCore = () => perSecond(() => bcrypt.compareSync(password, bcryptHash));
// Better Auth's verifyPassword runs Node's scrypt on libuv's pool; one at a time is one core.
const scryptOnOneCore = () => perSecond(() => verifyPassword({ hash: scryptHash, password }));

// --- The four apps: how each starts, registers, signs in and signs out -----------------------
const peers = [
  {
    name: "session-auth (this app)",
    hash: "bcrypt 12, worker threads",
    oneCore: bcryptOnOneCore,
    sessionPath: "/api/auth/session",
    async start(port, dataDir) {
      const storage = storageEnv(`peers_${crypto.randomBytes(4).toString("hex")}`, dataDir, "sqlite");
      await prepareStorage(storage);
      const url = `http://localhost:${port}`;
      const child = spawn(process.execPath, [...serverNodeFlags, "server.mjs"], {
        cwd: root,
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          ...storage,
          PORT: String(port),
          APP_URL: url,
          DATA_DIR: dataDir,
          SESSION_SECRET: secret,
          LOG_LEVEL: "silent",
          NEXT_TELEMETRY_DISABLED: "1",
          // Every request reads the store, as Better Auth's do (the default keeps a session 1 s).
          SESSION_CACHE_TTL: "0",
          RATE_LIMIT_LOGIN_PER_IP: "100000000",
          RATE_LIMIT_REGISTER_PER_IP: "100000000",
          RATE_LIMIT_LOGIN_GLOBAL: "100000000",
          SESSION_MAX_PER_USER: "1000000",
        },
      });
      killOnExit(child);
      const up = () =>
        fetch(`${url}/api/health`).then(
          (response) => response.ok,
          () => false,
        );
      for (let i = 0; i < 600 && !(await up()); i++) await sleep(200);
      return { url, child, stop: () => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM"))) };
    },
    register: (url, email) => expectStatus(jsonPost(`${url}/api/auth/register`, { email, password }), [200, 201], "register"),
    // Secure cookies on localhost too (browsers treat it as a secure origin), hence the __Host- prefix.
    cookieName: "__Host-session",
    signIn: (url, email) => jsonPost(`${url}/api/auth/login`, { email, password }),
    signOut: (url, cookie) => jsonPost(`${url}/api/auth/logout`, {}, { cookie }),
  },
  {
    name: "Better Auth 1.7.25",
    dir: "better-auth",
    hash: "scrypt (Node's, libuv pool)",
    oneCore: scryptOnOneCore,
    sessionPath: "/api/session",
    async prepare(env) {
      const migrate = spawnSync(process.execPath, ["migrate.mjs"], {
        cwd: path.join(peersDir, "better-auth"),
        stdio: "inherit",
        env: { ...process.env, ...env },
      });
      if (migrate.status !== 0) throw new Error("Better Auth's migration failed");
    },
    // Better Auth refuses a POST that carries cookies without an Origin it trusts.
    register: (url, email) =>
      expectStatus(jsonPost(`${url}/api/auth/sign-up/email`, { email, password, name: "Bench" }, { origin: url }), [200], "sign-up"),
    cookieName: "better-auth.session_token",
    signIn: (url, email) => jsonPost(`${url}/api/auth/sign-in/email`, { email, password }, { origin: url }),
    signOut: (url, cookie) => jsonPost(`${url}/api/auth/sign-out`, {}, { cookie, origin: url }),
  },
  {
    name: "Auth.js 5.0.0-beta.32 (credentials, JWT)",
    dir: "authjs",
    hash: "bcrypt 12 (bcryptjs, event loop)",
    oneCore: bcryptOnOneCore,
    sessionPath: "/api/session",
    register: (url, email) => expectStatus(jsonPost(`${url}/api/register`, { email, password }), [201], "register"),
    // Its forms: a CSRF token (double-submit cookie) fetched once, then the credentials callback.
    cookieName: "authjs.session-token",
    async signIn(url, email) {
      this.csrf ??= await send(`${url}/api/auth/csrf`).then((r) => ({
        token: JSON.parse(r.text).csrfToken,
        cookie: cookieNamed(r.setCookie, "authjs.csrf-token"),
      }));
      return formPost(
        `${url}/api/auth/callback/credentials`,
        { email, password, csrfToken: this.csrf.token },
        { cookie: this.csrf.cookie },
      );
    },
    signOut(url, cookie) {
      return formPost(`${url}/api/auth/signout`, { csrfToken: this.csrf.token }, { cookie: `${cookie}; ${this.csrf.cookie}` });
    },
  },
  {
    name: "iron-session 8.0.4 (stateless)",
    dir: "iron-session",
    hash: "bcrypt 12 (bcryptjs, event loop)",
    oneCore: bcryptOnOneCore,
    sessionPath: "/api/session",
    register: (url, email) => expectStatus(jsonPost(`${url}/api/register`, { email, password }), [201], "register"),
    cookieName: "session",
    signIn: (url, email) => jsonPost(`${url}/api/login`, { email, password }),
    signOut: (url, cookie) => jsonPost(`${url}/api/logout`, {}, { cookie }),
  },
];

function load(url, options = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
async function measure(url, options = {}) {
  await load(url, { ...options, duration: 2 });
  return load(url, options);
}

/** One sign-in's session cookie (`name=value`); a sign-in that sets none stops the run. */
async function signIn(peer, url, email) {
  const response = await peer.signIn(url, email);
  const cookie = cookieNamed(response.setCookie, peer.cookieName);
  if (!cookie) throw new Error(`${peer.name}: a sign-in set no session cookie: ${response.status} ${response.text.slice(0, 200)}`);
  return cookie;
}

/** `total` sign-ins over 20 connections, timed from the first request to the last answer; their cookies. */
async function signIns(peer, url, email, total) {
  const cookies = [];
  let started = 0;
  const connection = async () => {
    while (started++ < total) cookies.push(await signIn(peer, url, email));
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: 20 }, connection));
  return { seconds: (performance.now() - start) / 1000, cookies };
}

async function measurePeer(peer, index) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `session-auth-peers-${peer.dir ?? "app"}-`));
  const port = 3800 + index * 10 + Math.floor(Math.random() * 9);
  const env = { PEER_DATA_DIR: dataDir, PEER_SECRET: secret, PEER_URL: `http://localhost:${port}` };
  let server;
  if (peer.dir) {
    const dir = path.join(peersDir, peer.dir);
    buildNextApp(dir, { ...env, PEER_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "session-auth-peers-build-")) }, [
      path.join(peersDir, "shared"),
    ]);
    await peer.prepare?.(env);
    server = await startNextApp(dir, port, "/api/health/live", env);
  } else {
    server = await peer.start(port, dataDir);
  }
  const { url } = server;
  const email = "bench@example.test";
  await peer.register(url, email);

  // Sign-ins: a warm-up, then two batches of 30 with one core's rate of the same hash read
  // before, between and after; the sign-ins' cookies are the 50 sessions of the load below.
  await signIns(peer, url, email, 10);
  const oneCore = [await peer.oneCore()];
  const batches = [];
  for (let i = 0; i < 2; i++) {
    batches.push(await signIns(peer, url, email, 30));
    oneCore.push(await peer.oneCore());
  }
  const cookies = batches.flatMap((batch) => batch.cookies);
  const signInRate = cookies.length / sum(batches.map((batch) => batch.seconds));
  const oneCoreRate = mean(oneCore);

  // The no-I/O route and the authenticated one in turns, each connection with its own session.
  let next = 0;
  const ownCookie = { setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % 50] }) };
  const live = [];
  const session = [];
  for (let i = 0; i < 2; i++) {
    live.push(await measure(`${url}/api/health/live`));
    session.push(await measure(url + peer.sessionPath, ownCookie));
  }
  const non2xx = sum(session.map((run) => run.non2xx));

  // Sign-out: does the cookie it ended still work 0 s, 2 s and 10 s later?
  const ended = await signIn(peer, url, email);
  await expectStatus(send(url + peer.sessionPath, { headers: { cookie: ended } }), [200], "session before sign-out");
  await expectStatus(peer.signOut(url, ended), [200, 204, 302], "sign-out");
  const afterSignOut = {};
  for (const [at, wait] of [
    [0, 0],
    [2, 2000],
    [10, 8000],
  ]) {
    await sleep(wait);
    afterSignOut[`${at}s`] = (await send(url + peer.sessionPath, { headers: { cookie: ended } })).status === 200;
  }
  await server.stop();
  return {
    name: peer.name,
    hash: peer.hash,
    live_rps: mean(live.map((run) => run.requests.average)),
    session_rps: mean(session.map((run) => run.requests.average)),
    session_p99_ms: mean(session.map((run) => run.latency.p99)),
    live_p99_ms: mean(live.map((run) => run.latency.p99)),
    session_non_2xx: non2xx,
    cookie_works_after_sign_out: afterSignOut,
    sign_ins_per_s: signInRate,
    one_core_hashes_per_s: oneCoreRate,
  };
}

// BENCH_PEERS=better-auth,authjs measures only those (by folder; "app" for this app), to try one out.
const only = process.env.BENCH_PEERS?.split(",");
const started = Date.now();
const rows = [];
for (const [index, peer] of peers.entries()) {
  if (only && !only.includes(peer.dir ?? "app")) continue;
  console.error(`measuring ${peer.name}`);
  rows.push(await measurePeer(peer, index));
}
agent.destroy();

const yesNo = (works) => (works ? "**yes**" : "no");
const table = [
  "| app | hash | no-I/O req/s | authenticated req/s | ratio | p99 authenticated | cookie works after sign-out (0 s / 2 s / 10 s) | sign-ins/s | one core of its hash/s | ratio |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ...rows
    .map((row) =>
      [
        row.name,
        row.hash,
        row.live_rps.toFixed(0),
        row.session_rps.toFixed(0) + (row.session_non_2xx ? ` (${row.session_non_2xx} non-2xx)` : ""),
        (row.session_rps / row.live_rps).toFixed(2),
        `${row.session_p99_ms.toFixed(0)} ms`,
        Object.values(row.cookie_works_after_sign_out).map(yesNo).join(" / "),
        row.sign_ins_per_s.toFixed(2),
        row.one_core_hashes_per_s.toFixed(2),
        (row.sign_ins_per_s / row.one_core_hashes_per_s).toFixed(2),
      ].join(" | "),
    )
    .map((line) => `| ${line} |`),
].join("\n");

const machine = {
  cores: os.availableParallelism(),
  node: process.version,
  date: new Date().toISOString(),
  load: os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" "),
};
const seconds = Math.round((Date.now() - started) / 1000);
fs.writeFileSync(path.join(root, "bench", "results-peers.json"), JSON.stringify({ machine, seconds, rows }, null, 2) + "\n");

const readme = path.join(root, "bench", "README.md");
const [begin, end] = ["<!-- peers:begin -->", "<!-- peers:end -->"];
const text = fs.readFileSync(readme, "utf8");
const label =
  process.env.BENCH_LABEL ??
  `Run of ${machine.date.slice(0, 10)} on ${machine.cores} cores, Node ${machine.node}, load average ${machine.load} at the end.`;
if (!only && text.includes(begin) && text.includes(end)) {
  const before = text.slice(0, text.indexOf(begin) + begin.length);
  const after = text.slice(text.indexOf(end));
  fs.writeFileSync(readme, `${before}\n${label}\n\n${table}\n${after}`);
}
console.log(`\n${table}\n\nAll figures: bench/results-peers.json (${seconds} s).`);

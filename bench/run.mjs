// `npm run bench`: performance targets measured as ratios on this machine.
// Starts production servers (server.mjs) on fresh databases, seeds them, drives
// them from this process (autocannon, paced requests; the sign-in storms from a
// worker thread), and writes bench/results.json.
// BENCH_SCENARIO=postgres-redis runs the same on PostgreSQL with sessions in Redis
// (the machine's own servers) and writes bench/results-postgres-redis.json.
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import autocannon from "autocannon";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import pg from "pg";
import { disposeStorage, prepareStorage, storageEnv } from "../e2e/support/storage.mjs";
import { serverNodeFlags } from "../lib/load-shaping.mjs";
import { buildNextApp, startNextApp } from "./next-app.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const duration = Number(process.env.BENCH_SECONDS ?? 8);
const scenario = process.env.BENCH_SCENARIO ?? "sqlite";
if (!["sqlite", "postgres-redis"].includes(scenario)) throw new Error(`BENCH_SCENARIO must be sqlite or postgres-redis, not ${scenario}`);
const resultsFile = path.join(root, "bench", scenario === "sqlite" ? "results.json" : `results-${scenario}.json`);
const warmup = 2;
const password = "correct horse battery staple";
const secret = "bench-secret-bench-secret-bench-secret-0123";
const results = {
  scenario,
  machine: { cores: os.availableParallelism(), node: process.version, date: new Date().toISOString() },
  figures: {},
  targets: [],
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const figure = (name, value) => {
  results.figures[name] = value;
  return value;
};
const target = (id, description, ratio, pass, detail) => {
  results.targets.push({ id, description, ratio: Number(ratio.toFixed(3)), result: pass ? "PASS" : "FAIL", detail });
};

async function startServer(name, env) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `session-auth-bench-${name}-`));
  const port = 3900 + Math.floor(Math.random() * 90);
  const url = `http://localhost:${port}`;
  const storage = storageEnv(`bench_${name}_${crypto.randomBytes(4).toString("hex")}`, dataDir, scenario);
  await prepareStorage(storage);
  const child = spawn(process.execPath, [...serverNodeFlags, "server.mjs"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(port),
      APP_URL: url,
      DATA_DIR: dataDir,
      ...storage,
      SESSION_SECRET: secret,
      LOG_LEVEL: "silent",
      NEXT_TELEMETRY_DISABLED: "1",
      RATE_LIMIT_LOGIN_PER_IP: "100000000",
      RATE_LIMIT_REGISTER_PER_IP: "100000000",
      RATE_LIMIT_LOGIN_GLOBAL: "100000000",
      SESSION_MAX_PER_USER: "1000000",
      ...env,
    },
  });
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // starting
    }
    await sleep(200);
  }
  const stop = async () => {
    await new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")));
    await disposeStorage(storage);
  };
  return { url, child, storage, db: path.join(dataDir, "app.db"), stop };
}

// The store-specific parts: who the user is, how many times sessions were written, and seeding.
async function firstUserId(server) {
  if (scenario === "sqlite") return new Database(server.db, { readonly: true }).prepare(`SELECT id FROM "User"`).get().id;
  const client = new pg.Client({ connectionString: server.storage.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query(`SELECT id FROM "User" LIMIT 1`);
  await client.end();
  return rows[0].id;
}

/** Counts renewals written from now on: a trigger on SQLite, the HSETs of the renewal script in Redis (nothing else writes a hash while only sessions are read). */
async function countSessionWrites(server) {
  if (scenario === "sqlite") {
    const db = new Database(server.db);
    db.exec(`CREATE TABLE bench_writes (n INTEGER);
      CREATE TRIGGER bench_count AFTER UPDATE ON "Session" BEGIN INSERT INTO bench_writes VALUES (1); END;`);
    return () => {
      const n = db.prepare("SELECT COUNT(*) AS n FROM bench_writes").get().n;
      db.close();
      return n;
    };
  }
  const redis = new Redis(server.storage.REDIS_URL);
  const hsets = async () => Number(/cmdstat_hset:calls=(\d+)/.exec(await redis.info("commandstats"))?.[1] ?? 0);
  const before = await hsets();
  return async () => {
    const n = (await hsets()) - before;
    redis.disconnect();
    return n;
  };
}

async function seedSessions(server, count, userId) {
  if (scenario === "sqlite") return seedSqliteSessions(server.db, count, userId);
  // The layout of lib/session-store-redis.ts: one hash per session, expiring a day from now.
  const redis = new Redis(server.storage.REDIS_URL);
  const prefix = server.storage.REDIS_KEY_PREFIX;
  const now = Date.now();
  const later = now + 86_400_000;
  for (let from = 0; from < count; from += 10_000) {
    const pipeline = redis.pipeline();
    for (let i = from; i < Math.min(count, from + 10_000); i++) {
      const key = `${prefix}session:seed${i.toString(16).padStart(58, "0")}`;
      pipeline.hset(key, {
        publicId: `p${i}`,
        userId,
        createdAt: now,
        lastSeenAt: now,
        idleExpiresAt: later,
        absoluteExpiresAt: later,
        persistent: "0",
      });
      pipeline.pexpireat(key, later);
    }
    await pipeline.exec();
  }
  redis.disconnect();
}

/** Registers or signs in; returns the session cookie. */
async function authenticate(url, action, email) {
  const response = await fetch(`${url}/api/auth/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`${action}: ${response.status}`);
  return response.headers.getSetCookie()[0].split(";")[0];
}
const register = (url, email) => authenticate(url, "register", email);
const logIn = (url, email) => authenticate(url, "login", email);

function load(url, options = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 50, duration, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function measure(url, options = {}) {
  await load(url, { ...options, duration: warmup });
  return load(url, options);
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

function seedSqliteSessions(dbFile, count, userId) {
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  const insert = db.prepare(
    `INSERT INTO "Session" (id, publicId, userId, createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt, persistent)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 86_400_000).toISOString();
  const batch = db.transaction((from, to) => {
    for (let i = from; i < to; i++) insert.run(`seed${i.toString(16).padStart(58, "0")}`, `p${i}`, userId, now, now, later, later);
  });
  for (let i = 0; i < count; i += 50_000) batch(i, Math.min(count, i + 50_000));
  // Copy the seeded rows into the database file and empty the write-ahead log, as the
  // checkpoints of a store that grew over months would have. Left full, every page read of
  // the server would search the index of a log holding a million rows.
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

async function scriptBytes(url, pagePath) {
  const html = await (await fetch(url + pagePath)).text();
  const sources = [...new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]))];
  let total = 0;
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(url + source)).arrayBuffer());
    total += zlib.gzipSync(body, { level: 9 }).length;
  }
  return total;
}

const started = Date.now();

// --- Server E: cache off, 50 users each with their own session; and a bare Next app --------
// Real traffic is many users, each sending a request now and then: every request reads the
// store. Each autocannon connection sends its own cookie, so no two concurrent requests share
// a read, and SESSION_CACHE_TTL=0 so none is answered from memory. Beside it, bench/bare: the
// same no-I/O answer from a bare Next route under `next start`, none of the app's plumbing.
// The three are measured in turns in the same stretch of time.
const bareDir = path.join(root, "bench", "bare");
buildNextApp(bareDir);
const bare = await startNextApp(bareDir, 3990 + Math.floor(Math.random() * 9), "/api/health/live");
const e = await startServer("e", { SESSION_CACHE_TTL: "0", BCRYPT_COST: "4" });
const distinctCookies = [];
for (let i = 0; i < 50; i++) distinctCookies.push(await register(e.url, `user${i}@example.test`));
let nextCookie = 0;
const distinctOptions = { setupClient: (client) => client.setHeaders({ cookie: distinctCookies[nextCookie++ % distinctCookies.length] }) };
const eLiveUrl = `${e.url}/api/health/live`;
const eSessionUrl = `${e.url}/api/auth/session`;
const bareUrl = `${bare.url}/api/health/live`;
// Both servers are warmed up in turns first: a fresh Next server speeds up for tens of seconds
// as the JIT settles (the bare route's first seconds ran anywhere from 1,350 to 1,790 req/s).
// Then short rounds in turns, each server's figure the median of its rounds and each target the
// median of its rounds' ratios, so one slow second of the machine moves neither.
for (let i = 0; i < 3; i++) for (const url of [bareUrl, eLiveUrl]) await load(url, { duration: 5 });
await load(eSessionUrl, { ...distinctOptions, duration: 5 });
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const roundSeconds = Math.max(2, duration / 2);
const bareRuns = [];
const eLiveRuns = [];
const distinctRuns = [];
let distinctNon2xx = 0;
for (let i = 0; i < rounds; i++) {
  bareRuns.push((await measure(bareUrl, { duration: roundSeconds })).requests.average);
  eLiveRuns.push((await measure(eLiveUrl, { duration: roundSeconds })).requests.average);
  const run = await measure(eSessionUrl, { ...distinctOptions, duration: roundSeconds });
  distinctRuns.push(run.requests.average);
  distinctNon2xx += run.non2xx;
}
const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ratios = (over, under) => over.map((value, i) => value / under[i]);
const spread = (values) => `${Math.min(...values).toFixed(2)}-${Math.max(...values).toFixed(2)} in ${values.length} rounds`;
const bareRps = figure("bare_next_rps", median(bareRuns));
const eLiveRps = figure("distinct_live_rps", median(eLiveRuns));
const distinctRps = figure("distinct_session_rps", median(distinctRuns));
const distinctRatios = figure("distinct_session_ratios", ratios(distinctRuns, eLiveRuns));
const plumbingRatios = figure("live_over_bare_ratios", ratios(eLiveRuns, bareRuns));
figure("distinct_session_non_2xx", distinctNon2xx);
const distinctTarget = scenario === "sqlite" ? 0.8 : 0.75;
const distinctRatio = median(distinctRatios);
target(
  1,
  `authenticated GET /api/auth/session, 50 distinct sessions, cache off >= ${distinctTarget * 100}% of the no-I/O route`,
  distinctRatio,
  distinctRatio >= distinctTarget && distinctNon2xx === 0,
  `${distinctRps.toFixed(0)} vs ${eLiveRps.toFixed(0)} req/s (median; ratio ${spread(distinctRatios)})`,
);
const plumbingRatio = median(plumbingRatios);
target(
  8,
  "no-I/O GET /api/health/live >= 90% of a bare Next 16 route (bench/bare)",
  plumbingRatio,
  plumbingRatio >= 0.9,
  `${eLiveRps.toFixed(0)} vs ${bareRps.toFixed(0)} req/s (median; ratio ${spread(plumbingRatios)})`,
);
await e.stop();
await bare.stop();

// --- Server A: defaults (session cache on) -------------------------------------------------
const a = await startServer("a", {});
const cookie = await register(a.url, "bench@example.test");
const sessionOptions = { headers: { cookie } };

// RSS is sampled during each load and the phases alternate, so neither kind of
// load is measured only on a heap the other one already grew. First, the no-I/O
// route alone until the heap stops growing (about 12 s of load on a fast run of this
// machine, 30 s and more on a slow one, whatever the route): sampled earlier, a heap
// still growing would be compared with a grown one.
async function sampled(url, options, run = measure) {
  const samples = [];
  const timer = setInterval(() => samples.push(rssMb(a.child.pid)), 250);
  const result = await run(url, options);
  clearInterval(timer);
  samples.sort((x, y) => x - y);
  return { result, rss: samples[Math.floor(samples.length / 2)] };
}
const liveUrl = `${a.url}/api/health/live`;
const sessionUrl = `${a.url}/api/auth/session`;
// The session route is warmed up first, as targets 1 and 8 warm theirs: with only the 2 s of
// measure(), its first round ran on code the JIT had not settled yet, while the no-I/O route
// had just run for the whole loop below (1b read 0.77-0.78 so, below the 0.85-0.86 of target
// 1's harder case, no cache and 50 sessions; 0.93 once warmed up).
await load(sessionUrl, { ...sessionOptions, duration: 10 });
// Runs of 4 s (no separate warm-up) keep this under a minute; under 1.5% growth in 4 s is
// the same rate as the 3% in 8 s it was once measured with.
for (let i = 0, previous = 0; i < 12; i++) {
  const { rss } = await sampled(liveUrl, { duration: 4 }, load);
  if (rss < previous * 1.015) break;
  previous = rss;
}
const live1 = await sampled(liveUrl);
const session1 = await sampled(sessionUrl, sessionOptions);
const live2 = await sampled(liveUrl);
const session2 = await sampled(sessionUrl, sessionOptions);
const liveRps = figure("live_rps", (live1.result.requests.average + live2.result.requests.average) / 2);
const sessionRps = figure("session_rps", (session1.result.requests.average + session2.result.requests.average) / 2);
const liveRss = figure("live_rss_mb", (live1.rss + live2.rss) / 2);
const sessionRss = figure("session_rss_mb", (session1.rss + session2.rss) / 2);
figure("session_non_2xx", session1.result.non2xx + session2.result.non2xx);
// One cookie on all 50 connections, cache on: concurrent requests share one read and the
// cache answers the rest. What a single busy client costs, not what many users cost (target 1).
target(
  "1b",
  "authenticated GET /api/auth/session, one shared cookie, cache on >= 80% of the no-I/O route",
  sessionRps / liveRps,
  sessionRps / liveRps >= 0.8 && results.figures.session_non_2xx === 0,
  `${sessionRps.toFixed(0)} vs ${liveRps.toFixed(0)} req/s`,
);
target(
  6,
  "server RSS under session load <= 110% of no-I/O load",
  sessionRss / liveRss,
  sessionRss / liveRss <= 1.1,
  `${sessionRss.toFixed(0)} vs ${liveRss.toFixed(0)} MB`,
);

// Logins: bcrypt cost 12 in the server's worker pool vs one core hashing here.
// One core is timed between batches of sign-ins and the readings averaged: this machine's
// speed drifts by a quarter within minutes, which a reading taken apart from the sign-ins
// would put in the ratio.
const hash = bcrypt.hashSync("x", 12);
function oneCoreCompares() {
  const start = performance.now();
  let compares = 0;
  while (performance.now() - start < 1500) {
    bcrypt.compareSync("x", hash);
    compares++;
  }
  return compares / ((performance.now() - start) / 1000);
}
const loginBody = JSON.stringify({ email: "bench@example.test", password });
const loginConnections = 20;
// Plain HTTP with kept-alive connections, as autocannon would send them: the load generator
// shares the two cores with the server, and fetch spent 3 ms of them on each sign-in. The
// headers are a browser's as far as the server cares (it may compress the answer).
const loginAgent = new http.Agent({ keepAlive: true, maxSockets: loginConnections });
function logInOnce() {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${a.url}/api/auth/login`,
      { method: "POST", agent: loginAgent, headers: { "content-type": "application/json", "accept-encoding": "gzip, deflate" } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode));
      },
    );
    request.on("error", reject);
    request.end(loginBody);
  });
}
// A fixed number of sign-ins over 20 connections, timed from the first request to the last
// answer. (A timed autocannon run would leave up to 20 hashes in flight when it stops, which
// the next run pays for, and it ends on whole seconds.)
async function signIns(total) {
  let started = 0;
  let failed = 0;
  const connection = async () => {
    while (started++ < total) if ((await logInOnce()) !== 200) failed++;
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: loginConnections }, connection));
  return { total, seconds: (performance.now() - start) / 1000, failed };
}
await signIns(20);
const oneCoreReadings = [oneCoreCompares()];
const batches = [];
for (let i = 0; i < 2; i++) {
  batches.push(await signIns(60));
  oneCoreReadings.push(oneCoreCompares());
}
const sum = (values) => values.reduce((total, value) => total + value, 0);
const oneCoreRate = figure("one_core_compares_per_s", sum(oneCoreReadings) / oneCoreReadings.length);
const loginRate = figure("logins_per_s", sum(batches.map((batch) => batch.total)) / sum(batches.map((batch) => batch.seconds)));
const loginFailures = figure("login_non_2xx", sum(batches.map((batch) => batch.failed)));
loginAgent.destroy();
target(
  3,
  "logins/s at cost 12 >= 1.8x one core hashing",
  loginRate / oneCoreRate,
  loginRate / oneCoreRate >= 1.8 && loginFailures === 0,
  `${loginRate.toFixed(2)} vs ${oneCoreRate.toFixed(2)} per s`,
);

// Login storm. Session requests are paced at 30% of the rate the session route reached
// above (500/s on a machine serving 1,650/s), over 10 connections, for the whole
// measurement, while 20 concurrent sign-ins run in every other window; each request
// counts for the window it was sent in. Idle and storm windows alternate within one
// run, so both p99s come from the same stretch of machine time, and each is the 99th
// percentile of thousands of requests: one scheduler hiccup on two shared cores cannot
// decide the result. A fixed rate would measure a queue, not a latency, on a machine
// too slow for it. The sign-ins come from a worker thread, so the load generator's own
// work for them does not delay the answers it times.
const stormWindows = 6;
const windowMs = 5000;
const settleMs = 1000; // after a storm (whose last sign-ins have been answered), before idle counts again
const sessionRate = figure("storm_session_rate_per_s", Math.round(0.3 * sessionRps));
const sessionAgent = new http.Agent({ keepAlive: true, maxSockets: 10 });
function getSession() {
  return new Promise((resolve, reject) => {
    const request = http.get(`${a.url}/api/auth/session`, { agent: sessionAgent, headers: { cookie } }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
    });
    request.on("error", reject);
  });
}
let phase = "warmup";
const latencies = { idle: [], storm: [] };
let sessionErrors = 0;
let pacing = true;
// Each request leaves at its scheduled time, whether or not earlier ones have
// answered, so a slow answer does not thin out the load that measures it.
let inFlight = 0;
const pacedSessions = (async () => {
  const begin = performance.now();
  for (let i = 0; pacing; i++) {
    const wait = begin + (i * 1000) / sessionRate - performance.now();
    if (wait > 1) await sleep(wait);
    const sentIn = phase;
    const sent = performance.now();
    inFlight++;
    getSession().then(
      (status) => {
        inFlight--;
        if (status !== 200) sessionErrors++;
        latencies[sentIn]?.push(performance.now() - sent);
      },
      () => (inFlight--, sessionErrors++),
    );
  }
  while (inFlight > 0) await sleep(10);
})();
// One worker for every storm, started before the measurement: starting a thread and
// loading fetch costs as much CPU as the first sign-ins, and is no part of a storm.
const stormWorker = new Worker(
  `
  const { parentPort, workerData } = require("node:worker_threads");
  let running = false;
  const signIn = async () => {
    let failed = 0;
    while (running) {
      const response = await fetch(workerData.url, { method: "POST", headers: workerData.headers, body: workerData.body });
      await response.arrayBuffer();
      if (response.status !== 200) failed++;
    }
    return failed;
  };
  parentPort.on("message", async (message) => {
    running = message === "start";
    if (!running) return;
    const failed = await Promise.all(Array.from({ length: workerData.connections }, signIn));
    parentPort.postMessage(failed.reduce((sum, n) => sum + n, 0));
  });
  `,
  {
    eval: true,
    workerData: {
      url: `${a.url}/api/auth/login`,
      headers: { "content-type": "application/json" },
      body: loginBody,
      connections: loginConnections,
    },
  },
);
let stormFailures = 0;
async function storm(ms, counted = "storm") {
  const done = new Promise((resolve) => stormWorker.once("message", resolve));
  phase = counted;
  stormWorker.postMessage("start");
  await sleep(ms);
  phase = "settle";
  stormWorker.postMessage("stop");
  stormFailures += await done;
}
await storm(1000, "warmup"); // the storm worker's own warm-up included
await sleep(2000);
stormFailures = 0;
for (let round = 0; round < stormWindows; round++) {
  phase = "settle";
  await sleep(settleMs);
  phase = "idle";
  await sleep(windowMs);
  phase = "settle";
  await storm(windowMs);
}
pacing = false;
await pacedSessions;
sessionAgent.destroy();
await stormWorker.terminate();
const percentile = (values, share) => {
  const sorted = [...values].sort((x, y) => x - y);
  return Number(sorted[Math.floor(sorted.length * share)].toFixed(1));
};
for (const [name, values] of Object.entries(latencies)) {
  figure(`session_latency_${name}_ms`, {
    p50: percentile(values, 0.5),
    p90: percentile(values, 0.9),
    p99: percentile(values, 0.99),
    max: percentile(values, 0.99999),
  });
}
const idleP99 = figure("session_p99_idle_ms", percentile(latencies.idle, 0.99));
const stormP99 = figure("session_p99_storm_ms", percentile(latencies.storm, 0.99));
figure("storm_requests", {
  idle: latencies.idle.length,
  storm: latencies.storm.length,
  errors: sessionErrors,
  sign_in_failures: stormFailures,
});
target(
  4,
  "session p99 during a 20-login storm <= 3x idle p99",
  stormP99 / idleP99,
  stormP99 <= 3 * idleP99 && sessionErrors === 0 && stormFailures === 0,
  `${stormP99} vs ${idleP99} ms at ${sessionRate} req/s (${stormWindows} storm and ${stormWindows} idle windows of ${windowMs / 1000} s, interleaved)`,
);

// Page weight: the login and register pages against a minimal page (the 404 page: no client code of ours).
const minimal = figure("minimal_page_js_gzip", await scriptBytes(a.url, "/no-such-page"));
const loginJs = figure("login_page_js_gzip", await scriptBytes(a.url, "/login"));
const registerJs = figure("register_page_js_gzip", await scriptBytes(a.url, "/register"));
const heaviest = Math.max(loginJs, registerJs);
target(
  7,
  "login/register JS (gzip) <= minimal page + 15 kB",
  (heaviest - minimal) / 15_360,
  heaviest - minimal <= 15_360,
  `+${((heaviest - minimal) / 1024).toFixed(1)} kB`,
);
await a.stop();

// --- Server B: renewal every 5 s; count the writes of steady traffic ---------------------
const b = await startServer("b", { SESSION_IDLE_TIMEOUT: "10", SESSION_RENEWAL_FRACTION: "0.5" });
const bCookie = await register(b.url, "writes@example.test");
const writesSoFar = await countSessionWrites(b);
const steadySeconds = 12;
const steady = await load(`${b.url}/api/auth/session`, { headers: { cookie: bCookie }, duration: steadySeconds });
const writes = figure("steady_writes", await writesSoFar());
figure("steady_requests", steady.requests.total);
const allowed = Math.ceil(steadySeconds / 5);
target(
  2,
  "steady traffic writes at most once per renewal interval (5 s)",
  writes / allowed,
  writes <= allowed && steady.non2xx === 0,
  `${writes} writes for ${steady.requests.total} requests in ${steadySeconds} s`,
);
await b.stop();

// --- Servers C and D: cache off, so every request reads the store: 10,000 vs 1,000,000 ---
// sessions, one store each, measured in turns (C, D, C, D) so that a drift of the machine's
// speed falls on both. One session per connection: concurrent requests with one cookie
// would share a read.
async function storeServer(name, sessions) {
  const server = await startServer(name, { SESSION_CACHE_TTL: "0", BCRYPT_COST: "4" });
  await register(server.url, "scale@example.test");
  const cookies = [];
  for (let i = 0; i < 50; i++) cookies.push(await logIn(server.url, "scale@example.test"));
  // The registration's and the sign-ins' sessions count too.
  await seedSessions(server, sessions - 1 - cookies.length, await firstUserId(server));
  let next = 0;
  const options = { duration: 5, setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length] }) };
  return { ...server, run: async () => (await measure(`${server.url}/api/auth/session`, options)).requests.average };
}
const c = await storeServer("c", 10_000);
const d = await storeServer("d", 1_000_000);
// After seeding, the stores settle (Redis rehashes its key table, SQLite checkpoints) as they
// would have long ago in a store that grew to this size.
await sleep(5000);
const smallRuns = [];
const largeRuns = [];
for (let i = 0; i < 2; i++) {
  smallRuns.push(await c.run());
  largeRuns.push(await d.run());
}
const smallRps = figure("store_rps_10k_sessions", (smallRuns[0] + smallRuns[1]) / 2);
const largeRps = figure("store_rps_1m_sessions", (largeRuns[0] + largeRuns[1]) / 2);
target(
  5,
  "validation with 1,000,000 sessions within 10% of 10,000",
  largeRps / smallRps,
  largeRps / smallRps >= 0.9,
  `${largeRps.toFixed(0)} vs ${smallRps.toFixed(0)} req/s (cache off)`,
);
await c.stop();
await d.stop();

results.figures.seconds = Math.round((Date.now() - started) / 1000);
results.targets.sort((x, y) => String(x.id).localeCompare(String(y.id), "en", { numeric: true }));
fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2) + "\n");

console.log("\n| # | target | ratio | result | measured |\n|---|---|---|---|---|");
for (const t of results.targets) console.log(`| ${t.id} | ${t.description} | ${t.ratio} | ${t.result} | ${t.detail} |`);
console.log(`\nScenario ${scenario}; all figures: ${path.relative(root, resultsFile)} (${results.figures.seconds} s).`);
process.exit(results.targets.every((t) => t.result === "PASS") ? 0 : 1);

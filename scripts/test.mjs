// `npm test`: lint, unit tests, a production build, then the API and browser suites
// against it in each configuration: SQLite, PostgreSQL, PostgreSQL with sessions
// in Redis (E2E_CONFIGS=sqlite,postgres picks some). Finds (or on Debian installs) a Chromium first.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configurations } from "../e2e/support/storage.mjs";
import { describeServiceUrl, resolveTestServices } from "../e2e/support/test-services.mjs";
import { ensureChromium } from "./browser.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
const chromiumPath = ensureChromium();
if (chromiumPath) env.CHROMIUM_PATH = chromiumPath;

// Which PostgreSQL and Redis the suites use, before anything can fail on the wrong ones.
const services = resolveTestServices();
const source = (name) => (process.env[name]?.trim() ? `from ${name}` : `the default; set ${name} for another`);
console.log(`Test PostgreSQL: ${describeServiceUrl(services.databaseUrl)} (${source("TEST_DATABASE_URL")})`);
console.log(`Test Redis: ${describeServiceUrl(services.redisUrl)} (${source("TEST_REDIS_URL")})`);

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const extraArgs = process.argv.slice(2);
fs.mkdirSync("reports", { recursive: true });

const selected = process.env.E2E_CONFIGS ? process.env.E2E_CONFIGS.split(",") : configurations;
for (const name of selected) {
  if (!configurations.includes(name)) throw new Error(`unknown configuration "${name}" (${configurations.join(", ")})`);
}
for (const name of configurations) fs.rmSync(`reports/playwright-${name}.json`, { force: true });

const steps = [
  // Lint findings fail the run but do not stop it: the tests still say how the code behaves.
  ["lint", bin("eslint"), ["--max-warnings", "0", "."], {}],
  ["format check", bin("prettier"), ["--check", "."], {}],
  ["unit tests", bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=reports/vitest.json"]],
  ["production build", bin("next"), ["build"]],
  ...selected.map((name) => [`API and browser tests: ${name}`, bin("playwright"), ["test", ...extraArgs], { E2E_CONFIG: name }]),
];

// A failing configuration does not hide how the others fare; failing unit tests or build stop everything.
const failedSteps = [];
for (const [title, command, args, stepEnv] of steps) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...stepEnv } });
  if (result.status !== 0) {
    failedSteps.push(title);
    if (!stepEnv) break;
  }
}

function count(file, read) {
  try {
    return read(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    return { passed: 0, failed: 0 };
  }
}
const unit = count("reports/vitest.json", (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests }));
const e2eRuns = selected.map((name) => ({
  name,
  ...count(`reports/playwright-${name}.json`, (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected })),
}));
const e2e = e2eRuns.reduce((sum, run) => ({ passed: sum.passed + run.passed, failed: sum.failed + run.failed }), { passed: 0, failed: 0 });
console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed`);
for (const run of e2eRuns) console.log(`API and browser (${run.name}): ${run.passed} passed, ${run.failed} failed`);
if (failedSteps.length > 0) console.log(`FAILED: ${failedSteps.join("; ")}`);
// A step that failed without a failing test (a crash, a server that never started) still counts.
const failed = Math.max(unit.failed + e2e.failed, failedSteps.length);
console.log(`tests: ${unit.passed + e2e.passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);

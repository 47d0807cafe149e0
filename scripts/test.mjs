// `npm test`: unit tests, a production build, then the API and browser suites
// against it. Finds (or on Debian installs) a Chromium first.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium } from "./browser.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };
const chromiumPath = ensureChromium();
if (chromiumPath) env.CHROMIUM_PATH = chromiumPath;

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const extraArgs = process.argv.slice(2);
fs.mkdirSync("reports", { recursive: true });

const steps = [
  ["unit tests", bin("vitest"), ["run", "--reporter=default", "--reporter=json", "--outputFile.json=reports/vitest.json"]],
  ["production build", bin("next"), ["build"]],
  ["API and browser tests", bin("playwright"), ["test", ...extraArgs]],
];

let failedStep = null;
for (const [title, command, args] of steps) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    failedStep = title;
    break;
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
const e2e = count("reports/playwright.json", (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected,
}));
console.log(`\nunit: ${unit.passed} passed, ${unit.failed} failed; API and browser: ${e2e.passed} passed, ${e2e.failed} failed`);
if (failedStep) console.log(`FAILED at: ${failedStep}`);
console.log(`tests: ${unit.passed + e2e.passed} passed, ${unit.failed + e2e.failed + (failedStep ? 1 : 0)} failed`);
process.exit(failedStep ? 1 : 0);

import { defineConfig, devices } from "@playwright/test";
import { mainServerEnv } from "./e2e/support/admin";
import { suiteConfiguration } from "./e2e/support/storage.mjs";
import { findChromium, systemChromiumArgs } from "./scripts/browser.mjs";
import { serverNodeFlags } from "./lib/load-shaping.mjs";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
const executablePath = findChromium() ?? undefined;
// sqlite (default), postgres or postgres-redis: where the servers keep users and sessions.
// Tests tagged @once do not depend on it and run in the default configuration only.
const configuration = suiteConfiguration();

export default defineConfig({
  testDir: "./e2e",
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  grepInvert: configuration === "sqlite" ? undefined : /@once/,
  reporter: [["list"], ["json", { outputFile: `reports/playwright-${configuration}.json` }]],
  globalTeardown: "./e2e/support/teardown.ts",
  use: {
    baseURL,
    trace: "on-first-retry",
    launchOptions: executablePath ? { executablePath, args: systemChromiumArgs } : {},
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // The production server on a fresh database, configured as a fresh checkout would be,
  // but for the bcrypt cost (see mainServerEnv).
  webServer: {
    command: `node ${serverNodeFlags.join(" ")} e2e/support/serve.mjs`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      ...(mainServerEnv(port) as Record<string, string>),
      FRESH_DATA_DIR: "1",
      // Every test connects from 127.0.0.1: per-address limits would trip over each other.
      // Throttling is tested on servers of its own (e2e/security/throttling.spec.ts).
      RATE_LIMIT_REGISTER_PER_IP: "1000000",
      RATE_LIMIT_LOGIN_PER_IP: "1000000",
      RATE_LIMIT_ACCOUNT_LINKS_PER_IP: "1000000",
      RATE_LIMIT_PASSKEY_OPTIONS_PER_IP: "1000000",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});

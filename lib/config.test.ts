import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfigForTest } from "./config";

afterEach(() => {
  loadConfigForTest(process.env);
});

describe("configuration", () => {
  it("explains every invalid value at once", () => {
    const env = {
      SESSION_SECRET: "short",
      BCRYPT_COST: "three",
      SESSION_IDLE_TIMEOUT: "-5",
      APP_URL: "nope",
      REDIS_URL: "http://127.0.0.1:6379",
      SMTP_URL: "smtp://",
      REGISTRATION_MODE: "open",
      METRICS_TOKEN: "too-short-to-be-a-secret",
    };
    const message = (() => {
      try {
        loadConfigForTest(env);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toMatch(/SESSION_SECRET: each secret must be at least 32 characters/);
    for (const name of Object.keys(env)) expect(message).toContain(`${name}:`);
    expect(message).toContain("REDIS_URL: must start with redis:// or rediss://");
    expect(message).toContain("METRICS_TOKEN: must be at least 32 characters");
  });

  it("generates missing secrets once, stores them with mode 0600, and reuses them", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "config-test-"));
    const env = { DATA_DIR: dataDir, LOG_LEVEL: "silent" };
    const first = loadConfigForTest(env);
    const second = loadConfigForTest(env);
    expect(first.sessionSecrets[0]).toHaveLength(43);
    expect(second.sessionSecrets).toEqual(first.sessionSecrets);
    expect(second.passwordPepper).toBe(first.passwordPepper);
    expect(first.passwordPepper).not.toBe(first.sessionSecrets[0]);
    expect(fs.statSync(path.join(dataDir, "session-secret")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dataDir, "password-pepper")).mode & 0o777).toBe(0o600);
  });

  it("parses a list of session secrets", () => {
    const a = "a".repeat(32);
    const b = "b".repeat(40);
    expect(loadConfigForTest({ ...process.env, SESSION_SECRET: `${a}, ${b}` }).sessionSecrets).toEqual([a, b]);
  });

  it("has documented defaults within NIST 800-63B-4 AAL1", () => {
    const config = loadConfigForTest({ ...process.env, SESSION_IDLE_TIMEOUT: undefined, SESSION_ABSOLUTE_TIMEOUT: undefined });
    expect(config.sessionAbsoluteTimeoutSeconds).toBeLessThanOrEqual(30 * 24 * 3600);
    expect(config.sessionIdleTimeoutSeconds).toBe(3600);
    expect(config.sessionCookieName).toBe("session");
    expect(config.databaseUrl).toBe(process.env.DATABASE_URL);
    expect(config.registrationMode).toBe("immediate");
  });
});

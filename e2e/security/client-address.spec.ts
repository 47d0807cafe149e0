import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { call, uniqueEmail } from "../support/api";
import { answersOfEveryKind, expectSecurityHeaders } from "../support/security-headers";
import { freePort, testBcryptCost } from "../support/server";
import { disposeStorage, prepareStorage, storageEnv } from "../support/storage.mjs";

// The app served by plain `next start`, without server.mjs, on one server for both tests.
// F5 under another host: a client that writes the header server.mjs once used for the
// socket's address, a new value each time, must still be counted as one client by the
// per-address sign-in limit; and clients whose X-Forwarded-For names no address share one
// budget instead of escaping the limit. F4: the security headers server.mjs would set come
// from proxy.ts and lib/http.ts instead.

const perAddressLimit = 3;

test.describe("@once under next start", () => {
  let url = "";
  let output = "";
  let stop = async () => {};

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    const port = await freePort();
    url = `http://localhost:${port}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "session-auth-next-start-"));
    const storage = storageEnv(`e2e_next_start_${crypto.randomBytes(5).toString("hex")}`, dataDir, "sqlite");
    await prepareStorage(storage);
    const env = {
      ...process.env,
      ...storage,
      APP_URL: url,
      DATA_DIR: dataDir,
      BCRYPT_COST: testBcryptCost,
      NEXT_TELEMETRY_DISABLED: "1",
      RATE_LIMIT_LOGIN_PER_IP: String(perAddressLimit),
    };
    execFileSync(process.execPath, ["scripts/migrate.mjs"], { env, stdio: "ignore" });
    const child: ChildProcess = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    stop = async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      await disposeStorage(storage);
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
    await expect.poll(async () => (await fetch(`${url}/api/health`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
  });

  test.afterAll(async () => stop());

  test("a forged socket-address header does not buy new per-address budgets", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < perAddressLimit + 2; i++) {
      const attempt = await call(url, "POST", "/api/auth/login", {
        json: { email: uniqueEmail("forger"), password: "whatever whatever" },
        headers: { "x-session-auth-socket-address": `198.51.100.${i + 1}` },
      });
      statuses.push(attempt.status);
    }
    expect(statuses).toEqual([...Array(perAddressLimit).fill(401), 429, 429]);
    // Nor does an X-Forwarded-For that names no address: all such clients share one budget.
    const garbled: number[] = [];
    for (let i = 0; i < perAddressLimit + 1; i++) {
      const attempt = await call(url, "POST", "/api/auth/login", {
        json: { email: uniqueEmail("garbler"), password: "whatever whatever" },
        headers: { "x-forwarded-for": `not-an-address-${i}` },
      });
      garbled.push(attempt.status);
    }
    expect(garbled).toEqual([...Array(perAddressLimit).fill(401), 429]);
    // The operator is told, once, where client addresses come from, and what that means.
    expect(output.match(/client addresses: /g)).toHaveLength(1);
    expect(output).toContain("without server.mjs (next start or next dev)");
  });

  test("pages and API answers still carry the security headers", async () => {
    for (const answer of answersOfEveryKind) await expectSecurityHeaders(url, answer);
  });
});

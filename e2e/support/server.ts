import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import crypto from "node:crypto";
import path from "node:path";
import { serverNodeFlags } from "../../lib/load-shaping.mjs";
import { type Configuration, disposeStorage, prepareStorage, storageEnv } from "./storage.mjs";

// A production server of our own, for tests that need their own configuration
// (short timeouts, other secrets) or must stop and restart it.

type Env = Record<string, string | undefined>;

/**
 * The bcrypt cost of every server the suite starts (and of the admin CLI run against them),
 * not the default 12: each hash at 12 takes a core for ~210 ms, and the suite's few hundred
 * sign-ups and sign-ins spent a minute of CPU on them in each configuration. The default
 * cost, and what rests on it (equal timing for unknown emails), are tested on a server that
 * keeps it (e2e/security/credentials.spec.ts).
 */
export const testBcryptCost = "4";

export type TestServer = {
  url: string;
  dataDir: string;
  env: Env;
  stop(): Promise<void>;
  restart(extraEnv?: Env): Promise<void>;
  output(): string;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become healthy:\n${output()}`);
}

/**
 * A server on a free port with its own data folder and an empty database (and
 * Redis prefix) of the suite's configuration (E2E_CONFIG), or of `configuration`:
 * tests that look inside the SQLite file or break it ask for "sqlite"; they and
 * others that never depend on the suite's configuration are tagged @once.
 */
export async function startServer(extraEnv: Env = {}, configuration?: Configuration): Promise<TestServer> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "session-auth-server-"));
  const url = `http://localhost:${port}`;
  const storage = storageEnv(`e2e_server_${crypto.randomBytes(5).toString("hex")}`, dataDir, configuration);
  await prepareStorage(storage);
  let env: Env = {
    ...process.env,
    PORT: String(port),
    APP_URL: url,
    DATA_DIR: dataDir,
    ...storage,
    NEXT_TELEMETRY_DISABLED: "1",
    // All tests connect from 127.0.0.1; tests of throttling set their own limits.
    RATE_LIMIT_REGISTER_PER_IP: "1000000",
    RATE_LIMIT_LOGIN_PER_IP: "1000000",
    RATE_LIMIT_ACCOUNT_LINKS_PER_IP: "1000000",
    RATE_LIMIT_PASSKEY_OPTIONS_PER_IP: "1000000",
    BCRYPT_COST: testBcryptCost,
    ...extraEnv,
  };
  let child: ChildProcess;
  let log = "";

  const launch = async () => {
    child = spawn(process.execPath, [...serverNodeFlags, "server.mjs"], {
      env: env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (chunk) => (log += chunk));
    child.stderr!.on("data", (chunk) => (log += chunk));
    await waitForHealth(url, child, () => log);
  };

  const stopProcess = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };

  await launch();
  return {
    url,
    dataDir,
    get env() {
      return env;
    },
    async stop() {
      await stopProcess();
      await disposeStorage(storage);
    },
    async restart(moreEnv = {}) {
      await stopProcess();
      env = { ...env, ...moreEnv };
      await launch();
    },
    output: () => log,
  };
}

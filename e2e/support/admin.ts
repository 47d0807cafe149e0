import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { goodPassword, logIn, uniqueEmail } from "./api";
import { storageEnv } from "./storage.mjs";

// Administrators come only from the CLI (no default accounts), so tests make them there.

type Env = Record<string, string | undefined>;

/**
 * The data folder, storage and hashing cost of the suite's main server (playwright.config.ts),
 * in the suite's configuration; the admin CLI hashes with them too. Cost 4, not the default
 * 12: each hash at 12 takes a core for ~210 ms, and the suite's few hundred sign-ups and
 * sign-ins spent a minute of CPU on them in each configuration. The default cost, and what
 * rests on it (equal timing for unknown emails), are tested on a server of their own
 * (e2e/security/credentials.spec.ts); servers started by tests hash at 4 as well.
 */
export function mainServerEnv(port = Number(process.env.E2E_PORT ?? 3100)): Env {
  const dataDir = path.join(os.tmpdir(), `session-auth-e2e-${port}`);
  return { DATA_DIR: dataDir, ...storageEnv(`session_auth_e2e_${port}`, dataDir), BCRYPT_COST: "4" };
}

export function runAdminCli(env: Env, args: string[], input?: string): string {
  return execFileSync("npm", ["run", "--silent", "admin", "--", ...args], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env } as NodeJS.ProcessEnv,
    input: input ?? "",
    encoding: "utf8",
  });
}

/** A new administrator, created with the CLI, signed in through the API. */
export async function createAdmin(baseURL: string, env: Env = mainServerEnv()) {
  const email = uniqueEmail("admin");
  runAdminCli(env, ["create", "--email", email, "--name", "Ada Admin"], `${goodPassword}\n`);
  const login = await logIn(baseURL, email);
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status}`);
  return { email, cookie: login.cookie!, user: login.body.user };
}

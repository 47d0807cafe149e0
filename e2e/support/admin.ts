import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { goodPassword, logIn, uniqueEmail } from "./api";
import { testBcryptCost } from "./server";
import { storageEnv } from "./storage.mjs";

// Administrators come only from the CLI (no default accounts), so tests make them there.

type Env = Record<string, string | undefined>;

/**
 * The data folder, storage and hashing cost (testBcryptCost) of the suite's main server
 * (playwright.config.ts), in the suite's configuration; the admin CLI hashes with them too.
 */
export function mainServerEnv(port = Number(process.env.E2E_PORT ?? 3100)): Env {
  const dataDir = path.join(os.tmpdir(), `session-auth-e2e-${port}`);
  return { DATA_DIR: dataDir, ...storageEnv(`session_auth_e2e_${port}`, dataDir), BCRYPT_COST: testBcryptCost };
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

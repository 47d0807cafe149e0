import crypto from "node:crypto";
import { expect } from "@playwright/test";
import Database from "better-sqlite3";
import pg from "pg";
import { type ApiResponse, call } from "./api";
import { SoftwareAuthenticator } from "./software-authenticator";

type Env = Record<string, string | undefined>;

/** The cookies a response set, as `name=value` pairs joined for a Cookie header; `keep` adds earlier ones. */
export function cookiesOf(response: ApiResponse, keep: string[] = []): string {
  const set = new Map(keep.filter(Boolean).map((pair) => [pair.split("=")[0]!, pair]));
  for (const pair of response.setCookies.map((c) => c.split(";")[0]!)) set.set(pair.split("=")[0]!, pair);
  return [...set.values()].filter((pair) => !pair.endsWith("=")).join("; ");
}

/** Adds a passkey held by a new software authenticator to the account signed in with `cookie`. */
export async function addPasskey(baseURL: string, cookie: string, authenticator = new SoftwareAuthenticator(baseURL)) {
  const options = await call(baseURL, "POST", "/api/auth/passkeys/registration/options", { cookie });
  expect(options.status).toBe(200);
  const added = await call(baseURL, "POST", "/api/auth/passkeys/registration", {
    cookie,
    json: { credential: authenticator.register(options.body) },
  });
  expect(added.status).toBe(201);
  return { authenticator, passkey: added.body.passkey as { id: string; name: string } };
}

/** Passwordless sign-in options, and the attempt cookie that binds them. */
export async function passkeyOptions(baseURL: string) {
  const options = await call(baseURL, "POST", "/api/auth/passkeys/sign-in/options");
  expect(options.status).toBe(200);
  return { options: options.body as { challenge: string; rpId: string }, cookie: cookiesOf(options) };
}

/** Makes a challenge lapse, as five minutes would, in the database of the server run with `env`. */
export async function lapsePasskeyChallenge(env: Env, challenge: string): Promise<void> {
  const id = crypto.createHash("sha256").update(challenge).digest("hex");
  const url = env.DATABASE_URL!;
  if (!url.startsWith("postgres")) {
    const db = new Database(url.replace(/^file:/, ""));
    try {
      expect(db.prepare(`UPDATE "PasskeyChallenge" SET "expiresAt" = "createdAt" WHERE "id" = ?`).run(id).changes).toBe(1);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    expect((await client.query(`UPDATE "PasskeyChallenge" SET "expiresAt" = "createdAt" WHERE "id" = $1`, [id])).rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

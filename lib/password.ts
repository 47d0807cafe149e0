import crypto from "node:crypto";
import path from "node:path";
import { Piscina } from "piscina";
import { getConfig } from "./config";
import { hashingThreads, hashingThreadScheduling } from "./load-shaping.mjs";
import { onShutdown } from "./shutdown";

/**
 * bcrypt reads only the first 72 bytes, so two passwords sharing those bytes would
 * match. HMAC-SHA-384 with a server-side key first (OWASP password storage cheat
 * sheet): the whole password counts, the 64-character base64 result fits bcrypt's
 * input, and the key keeps the digest from being cracked apart from bcrypt
 * ("password shucking") if the database alone leaks.
 */
function prehash(password: string): string {
  return crypto.createHmac("sha384", getConfig().passwordPepper).update(password, "utf8").digest("base64");
}

const globalForPool = globalThis as unknown as { passwordPool?: Piscina };

/** bcryptjs in a pool of worker threads, one per core: hashing uses every core and never blocks requests. */
function pool(): Piscina {
  if (globalForPool.passwordPool) return globalForPool.passwordPool;
  const created = new Piscina({
    // A plain file loaded by Node, not bundled: server.mjs and the tests run from the project root.
    filename: path.join(process.cwd(), "workers", "password-hash.mjs"),
    // All threads from the start: a burst of sign-ins finds every core ready.
    minThreads: hashingThreads,
    maxThreads: hashingThreads,
    idleTimeout: 60_000,
    // Lower priority than the thread serving requests, which then never waits for a hash.
    niceIncrement: hashingThreadScheduling.niceIncrement,
  });
  onShutdown("password-pool", () => created.destroy());
  globalForPool.passwordPool = created;
  return created;
}

export async function hashPassword(password: string): Promise<string> {
  return pool().run({ input: prehash(password), cost: getConfig().bcryptCost }, { name: "hash" });
}

export async function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return pool().run({ input: prehash(password), hash: passwordHash }, { name: "compare" });
}

/** True for a hash made with an older scheme or a lower cost than BCRYPT_COST asks for now. */
export function isPasswordHashOutdated(passwordHash: string): boolean {
  // What bcryptjs writes: "$2b$", the cost in two digits, "$", then salt and digest.
  const match = /^\$2b\$(\d{2})\$/.exec(passwordHash);
  return !match || Number(match[1]) < getConfig().bcryptCost;
}

let dummyHash: Promise<string> | undefined;

/**
 * Spend the same time as a real check when there is no account to check against,
 * so response times do not reveal which emails are registered.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(crypto.randomBytes(32).toString("base64url"));
  await verifyPassword(password, await dummyHash);
  return false;
}

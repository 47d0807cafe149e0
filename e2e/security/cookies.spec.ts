import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { sealData, unsealData } from "iron-session";
import { expect, test } from "@playwright/test";
import { call, goodPassword, logIn, registerUser } from "../support/api";
import { startServer } from "../support/server";

// S1-S3 and S10: what the cookie holds, what the server keeps, and that nothing
// but a cookie the server issued (with a live record) ever authenticates.

const secretA = "rotation-secret-A-rotation-secret-A-0123456789";
const secretB = "rotation-secret-B-rotation-secret-B-0123456789";

test("S1 the cookie seals a 256-bit random token; the database keeps only its SHA-256", { tag: "@once" }, async () => {
  const server = await startServer({ SESSION_SECRET: secretA }, "sqlite");
  try {
    const { cookie, user } = await registerUser(server.url);
    const seal = decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1));
    // The test knows the secret, so it can open the seal like the server does.
    const secretId = crypto.createHash("sha256").update(secretA).digest().readUInt32BE(0);
    const { token } = await unsealData<{ token: string }>(seal, { password: { [secretId]: secretA }, ttl: 0 });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);

    const db = new Database(path.join(server.dataDir, "app.db"), { readonly: true });
    const rows = db.prepare("SELECT * FROM Session WHERE userId = ?").all(user.id) as Record<string, unknown>[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
  } finally {
    await server.stop();
  }
});

// @once: what it proves happens in the unseal, before any store is asked.
test("S3 10,000 random, tampered and truncated cookies never authenticate and never cause a 5xx", { tag: "@once" }, async ({ baseURL }) => {
  test.setTimeout(180_000);
  const { cookie } = await registerUser(baseURL!);
  const [name, seal] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  const random = (n: number) => crypto.randomBytes(n);
  const pick = <T>(items: T[]) => items[random(1)[0]! % items.length]!;
  const cookieSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_*~.%";
  const foreignSeal = await sealData({ token: "x".repeat(43) }, { password: { 1: "someone-elses-secret-someone-elses-secret" }, ttl: 0 });

  const mutations: Array<() => string> = [
    () => {
      // one character changed
      const i = random(2).readUInt16BE(0) % seal.length;
      const c = pick([...cookieSafe].filter((ch) => ch !== seal[i]));
      return seal.slice(0, i) + c + seal.slice(i + 1);
    },
    () => seal.slice(0, random(2).readUInt16BE(0) % seal.length), // truncated
    () => seal + pick([...cookieSafe]), // extended
    () => seal.split("*").reverse().join("*"), // reordered
    () => Array.from(random(200), (b) => cookieSafe[b % cookieSafe.length]).join(""), // noise
    () => random(64).toString("base64url"),
    () =>
      `Fe26.2*${random(4).readUInt32BE(0)}*${random(32).toString("hex")}*${random(16).toString("base64url")}*${random(48).toString("base64url")}**${random(32).toString("hex")}*${random(32).toString("base64url")}~2`,
    () => foreignSeal,
    () => "",
  ];

  const total = 10_000;
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const value = pick(mutations)();
      if (value === seal) continue;
      const response = await fetch(`${baseURL}/api/auth/session`, { headers: { cookie: `${name}=${value}` } });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  expect([...statuses.keys()]).toEqual([401]);
  expect(statuses.get(401)).toBeGreaterThan(total * 0.99);
  // The real cookie still works.
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie })).status).toBe(200);
});

test("S3 a cookie whose record is gone never authenticates, even if its seal is valid", async ({ baseURL }) => {
  const { email, cookie } = await registerUser(baseURL!);
  const other = await logIn(baseURL!, email, goodPassword);
  await call(baseURL!, "POST", "/api/sessions/revoke-others", { cookie: other.cookie });
  expect((await call(baseURL!, "GET", "/api/auth/session", { cookie })).status).toBe(401);
  expect((await fetch(`${baseURL}/dashboard`, { headers: { cookie }, redirect: "manual" })).status).toBe(307);
});

test("S10 secret rotation: the first secret seals, all unseal, and dropping one ends only its sessions", async () => {
  const server = await startServer({ SESSION_SECRET: secretA });
  try {
    const old = await registerUser(server.url);
    await server.restart({ SESSION_SECRET: `${secretB},${secretA}` });
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: old.cookie })).status).toBe(200);
    const fresh = await registerUser(server.url);

    await server.restart({ SESSION_SECRET: secretB });
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: old.cookie })).status).toBe(401);
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: fresh.cookie })).status).toBe(200);

    await server.restart({ SESSION_SECRET: secretA });
    expect((await call(server.url, "GET", "/api/auth/session", { cookie: fresh.cookie })).status).toBe(401);
  } finally {
    await server.stop();
  }
});

// Better Auth as its docs set it up: email and password, sessions in SQLite (the app's
// better-sqlite3), read from the database on every request (no cookie cache, the default).
import path from "node:path";
import Database from "better-sqlite3";
import { betterAuth } from "better-auth";

const db = new Database(path.join(process.env.PEER_DATA_DIR ?? ".", "better-auth.db"));
db.pragma("journal_mode = WAL");

export const auth = betterAuth({
  database: db,
  secret: process.env.PEER_SECRET,
  baseURL: process.env.PEER_URL,
  emailAndPassword: { enabled: true },
  // Its in-memory limiter (3 sign-ins per 10 s from one address) would refuse the benchmark's sign-ins.
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
});

// The accounts of the peers that bring no user store (Auth.js's credentials provider,
// iron-session): SQLite through the app's better-sqlite3, passwords in bcryptjs at cost 12
// (the app's hash and cost), hashed on the event loop as those libraries' examples do.
import path from "node:path";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";

const db = new Database(path.join(process.env.PEER_DATA_DIR ?? ".", "users.db"));
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, hash TEXT NOT NULL)");
const insert = db.prepare("INSERT INTO users (email, hash) VALUES (?, ?) RETURNING id, email");
const byEmail = db.prepare("SELECT id, email, hash FROM users WHERE email = ?");

export async function createUser(email, password) {
  return insert.get(email, await bcrypt.hash(password, 12));
}

export async function checkPassword(email, password) {
  const user = byEmail.get(email);
  if (!user || !(await bcrypt.compare(password, user.hash))) return null;
  return { id: String(user.id), email: user.email };
}

export async function registerRoute(request) {
  const { email, password } = await request.json();
  if (typeof email !== "string" || typeof password !== "string") return Response.json({ error: "bad input" }, { status: 400 });
  const user = await createUser(email, password);
  return Response.json({ id: user.id }, { status: 201 });
}

// Runs in worker threads (lib/password.ts): bcrypt is CPU-bound for ~200 ms at
// cost 12, and must not hold the event loop that serves everyone else.
import bcrypt from "bcryptjs";

export function hash({ input, cost }) {
  return bcrypt.hashSync(input, cost);
}

export function compare({ input, hash }) {
  return bcrypt.compareSync(input, hash);
}

// Reads the project's .env files into process.env, the way Next does for the app
// (@next/env's loadEnvConfig), for everything that starts before Next or without it:
// server.mjs (which migrates before Next loads anything), scripts/*, prisma.config.ts.
// Without it a DATABASE_URL kept only in .env reached the app but not the migrations
// or the admin CLI, which then acted on the default SQLite file.
//
// Next's rules come with it: a variable already in the environment wins over every
// file; then .env.$mode.local, .env.local (not in test mode), .env.$mode, .env.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// required, not imported: the same call works when tsx turns this file into CommonJS (the
// TypeScript scripts), where a default import of the CommonJS @next/env comes out undefined.
const { loadEnvConfig } = createRequire(import.meta.url)("@next/env");
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Loads the .env files of the mode NODE_ENV names: "development" and "test" as Next
 * does, anything else (unset included) as production, the mode `npm start` serves in,
 * so that an operator's `npm run admin` sees the server's settings.
 * Loading again is harmless: values already set are never replaced.
 */
export function loadProjectEnv(dir = root) {
  const dev = process.env.NODE_ENV === "development";
  const quiet = { info: () => {}, error: (...args) => console.error(...args) };
  return loadEnvConfig(dir, dev, quiet).loadedEnvFiles.map((file) => file.path);
}

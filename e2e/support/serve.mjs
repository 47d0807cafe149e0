// Starts server.mjs; with FRESH_DATA_DIR=1, first on an empty data folder and an
// empty database (and Redis prefix) of the suite's configuration.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { prepareStorage } from "./storage.mjs";

if (process.env.FRESH_DATA_DIR === "1" && process.env.DATA_DIR) {
  fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
  await prepareStorage(process.env);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
await import(path.join(root, "server.mjs"));

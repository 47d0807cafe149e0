// Starts server.mjs, first emptying its data folder when FRESH_DATA_DIR=1.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

if (process.env.FRESH_DATA_DIR === "1" && process.env.DATA_DIR) {
  fs.rmSync(process.env.DATA_DIR, { recursive: true, force: true });
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
await import(path.join(root, "server.mjs"));

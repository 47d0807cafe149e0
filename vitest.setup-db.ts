import { execFileSync } from "node:child_process";
import type { TestProject } from "vitest/node";

// The same migrations the app applies at start, on the unit tests' own database.
export default function setup(project: TestProject) {
  const env = { ...process.env, ...project.config.env, CHECKPOINT_DISABLE: "1" };
  execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { env, stdio: "pipe" });
}

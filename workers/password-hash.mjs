// Runs in worker threads (lib/password.ts): bcrypt is CPU-bound for ~200 ms at
// cost 12, and must not hold the event loop that serves everyone else.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import bcrypt from "bcryptjs";
import { hashingThreadScheduling } from "../lib/load-shaping.mjs";

// Hashing gets only the CPU time no other thread wants (Linux's SCHED_IDLE; why: lib/load-shaping.mjs).
// chrt comes with util-linux; where it or /proc is missing, the nice level is what remains.
if (hashingThreadScheduling.idle) {
  try {
    const threadId = fs.readlinkSync("/proc/thread-self").split("/").pop();
    execFileSync("chrt", ["--idle", "--pid", "0", threadId], { stdio: "ignore", timeout: 5000 });
  } catch {
    // not Linux, or no chrt
  }
}

export function hash({ input, cost }) {
  return bcrypt.hashSync(input, cost);
}

export function compare({ input, hash }) {
  return bcrypt.compareSync(input, hash);
}

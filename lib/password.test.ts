import fs from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { loadConfigForTest } from "./config";
import { hashingThreads } from "./load-shaping.mjs";
import { hashPassword, verifyDummyPassword, verifyPassword } from "./password";

/** Scheduling policies of this process's threads, from /proc (field 41 of each thread's stat). */
function threadPolicies(): number[] {
  return fs.readdirSync("/proc/self/task").flatMap((tid) => {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      return [Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[38])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}
const schedIdle = 5;

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$2b\$04\$/);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
  });

  it("counts every byte past bcrypt's 72-byte limit", async () => {
    const prefix = "x".repeat(72);
    const hash = await hashPassword(`${prefix}A`);
    expect(await verifyPassword(`${prefix}A`, hash)).toBe(true);
    expect(await verifyPassword(`${prefix}B`, hash)).toBe(false);
    expect(await verifyPassword(prefix, hash)).toBe(false);
  });

  it("keeps NUL and non-ASCII characters significant", async () => {
    const hash = await hashPassword("pass\u0000word-🔑-Ünïcødé");
    expect(await verifyPassword("pass\u0000word-🔑-Ünïcødé", hash)).toBe(true);
    expect(await verifyPassword("pass", hash)).toBe(false);
    expect(await verifyPassword("pass\u0000word-🔑-Unicode", hash)).toBe(false);
  });

  it("depends on the server-side pepper", async () => {
    const hash = await hashPassword("a perfectly long passphrase");
    loadConfigForTest({ ...process.env, PASSWORD_PEPPER: "another-pepper-another-pepper-0123456789" });
    expect(await verifyPassword("a perfectly long passphrase", hash)).toBe(false);
    loadConfigForTest(process.env);
  });

  it("uses the configured cost, 12 by default", async () => {
    expect(loadConfigForTest({ ...process.env, BCRYPT_COST: undefined }).bcryptCost).toBe(12);
    loadConfigForTest(process.env);
  });

  it("hashes off the event loop, on worker threads", async () => {
    loadConfigForTest({ ...process.env, BCRYPT_COST: "12" });
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // Four cost-12 hashes: about a second of CPU that, on this thread, would stall it ~200 ms at a time.
    const hashes = await Promise.all(Array.from({ length: 4 }, (_, i) => hashPassword(`password number ${i} is long`)));
    delay.disable();
    loadConfigForTest(process.env);
    expect(hashes.every((hash) => hash.startsWith("$2b$12$"))).toBe(true);
    expect(delay.max / 1e6).toBeLessThan(100);
  });

  // Linux only: the threads' policy is read from /proc, and set with util-linux's chrt.
  it.runIf(process.platform === "linux")("hashes on threads that get only CPU time nothing else wants (SCHED_IDLE)", async () => {
    await Promise.all(Array.from({ length: hashingThreads }, () => hashPassword("a perfectly long passphrase")));
    expect(threadPolicies().filter((policy) => policy === schedIdle)).toHaveLength(hashingThreads);
  });

  it("spends a real comparison when there is no account", async () => {
    expect(await verifyDummyPassword("anything")).toBe(false);
  });
});

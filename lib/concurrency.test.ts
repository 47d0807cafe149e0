import { describe, expect, it } from "vitest";
import { limitConcurrency } from "./concurrency";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("limitConcurrency", () => {
  it("runs at most the limit at once and the rest in arrival order", async () => {
    const inTurn = limitConcurrency(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const finish: Array<() => void> = [];
    const tasks = Array.from({ length: 5 }, (_, i) =>
      inTurn(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => finish.push(resolve));
        running--;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    finish.shift()!();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    while (started.length < 5 || finish.length > 0) {
      finish.shift()?.();
      await tick();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it("gives the turn on when a task fails", async () => {
    const inTurn = limitConcurrency(1);
    const failed = inTurn(async () => {
      throw new Error("no");
    });
    const next = inTurn(async () => "ran");
    await expect(failed).rejects.toThrow("no");
    expect(await next).toBe("ran");
  });
});

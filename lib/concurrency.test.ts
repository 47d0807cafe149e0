import { describe, expect, it } from "vitest";
import { createBoundedQueue, QueueFullError, TaskAbandonedError } from "./concurrency";

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Tasks that run until released, recording the order in which they started. */
function gatedTasks() {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const task = (name: string) => async () => {
    started.push(name);
    await new Promise<void>((resolve) => release.set(name, resolve));
    return name;
  };
  const finish = async (name: string) => {
    release.get(name)!();
    await tick();
  };
  return { started, task, finish };
}

describe("createBoundedQueue", () => {
  it("runs at most the limit at once and the rest in arrival order", async () => {
    const inTurn = createBoundedQueue({ running: 2, waiting: 10 });
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
    const inTurn = createBoundedQueue({ running: 1, waiting: 1 });
    const failed = inTurn(async () => {
      throw new Error("no");
    });
    const next = inTurn(async () => "ran");
    await expect(failed).rejects.toThrow("no");
    expect(await next).toBe("ran");
  });

  it("refuses at once, without running it, a task past running + waiting", async () => {
    const inTurn = createBoundedQueue({ running: 2, waiting: 3 });
    const { started, task, finish } = gatedTasks();
    const accepted = ["a", "b", "c", "d", "e"].map((name) => inTurn(task(name)));
    expect(inTurn.isFull()).toBe(true);
    let ranRefused = false;
    await expect(inTurn(async () => (ranRefused = true))).rejects.toBeInstanceOf(QueueFullError);
    expect(ranRefused).toBe(false);
    await tick();
    expect(started).toEqual(["a", "b"]);
    // A freed place in line is taken again.
    await finish("a");
    expect(inTurn.isFull()).toBe(false);
    const late = inTurn(task("f"));
    await expect(inTurn(task("g"))).rejects.toBeInstanceOf(QueueFullError);
    for (const name of ["b", "c", "d", "e", "f"]) await finish(name);
    expect(await Promise.all([...accepted, late])).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(started).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("serves priority tasks before every ordinary waiter, in their own arrival order", async () => {
    const inTurn = createBoundedQueue({ running: 1, waiting: 5 });
    const { started, task, finish } = gatedTasks();
    const all = [
      inTurn(task("running")),
      inTurn(task("ordinary 1")),
      inTurn(task("ordinary 2")),
      inTurn(task("known 1"), { priority: true }),
      inTurn(task("ordinary 3")),
      inTurn(task("known 2"), { priority: true }),
    ];
    await tick();
    for (const name of ["running", "known 1", "known 2", "ordinary 1", "ordinary 2", "ordinary 3"]) await finish(name);
    await Promise.all(all);
    expect(started).toEqual(["running", "known 1", "known 2", "ordinary 1", "ordinary 2", "ordinary 3"]);
  });

  it("a priority task arriving at a full line takes the place of the newest ordinary waiter", async () => {
    const inTurn = createBoundedQueue({ running: 1, waiting: 2 });
    const { started, task, finish } = gatedTasks();
    const first = inTurn(task("running"));
    const oldest = inTurn(task("ordinary old"));
    oldest.catch(() => {});
    const newest = inTurn(task("ordinary new"));
    const known = inTurn(task("known"), { priority: true });
    await expect(newest).rejects.toBeInstanceOf(QueueFullError);
    // The next one takes the place of the (now newest) older waiter; with priority waiters only, the line stays full.
    const secondKnown = inTurn(task("known 2"), { priority: true });
    await expect(oldest).rejects.toBeInstanceOf(QueueFullError);
    await expect(inTurn(task("ordinary late"))).rejects.toBeInstanceOf(QueueFullError);
    await expect(inTurn(task("known 3"), { priority: true })).rejects.toBeInstanceOf(QueueFullError);
    await tick();
    for (const name of ["running", "known", "known 2"]) await finish(name);
    await Promise.all([first, known, secondKnown]);
    expect(started).toEqual(["running", "known", "known 2"]);
  });

  it("a waiter whose signal aborts leaves the line and never runs; its place is free again", async () => {
    const inTurn = createBoundedQueue({ running: 1, waiting: 1 });
    const { started, task, finish } = gatedTasks();
    const first = inTurn(task("running"));
    const client = new AbortController();
    const gone = inTurn(task("gone"), { signal: client.signal });
    client.abort();
    await expect(gone).rejects.toBeInstanceOf(TaskAbandonedError);
    const next = inTurn(task("next"));
    await tick();
    await finish("running");
    await finish("next");
    await Promise.all([first, next]);
    expect(started).toEqual(["running", "next"]);
  });

  it("a task whose signal has already aborted is not run even with a free slot", async () => {
    const inTurn = createBoundedQueue({ running: 1, waiting: 0 });
    let ran = false;
    await expect(inTurn(async () => (ran = true), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(TaskAbandonedError);
    expect(ran).toBe(false);
    expect(await inTurn(async () => "slot still free")).toBe("slot still free");
  });
});

/** Refused at once: `running` tasks run and `waiting` wait already. */
export class QueueFullError extends Error {
  constructor() {
    super("the queue is full");
    this.name = "QueueFullError";
  }
}

/** The task's signal fired (its client went away) before its turn came: it never ran. */
export class TaskAbandonedError extends Error {
  constructor() {
    super("the task was abandoned before it ran");
    this.name = "TaskAbandonedError";
  }
}

export type QueueOptions = {
  /** Served before every ordinary task, and may take the place of the newest ordinary waiter. */
  priority?: boolean;
  /** Aborted: the task leaves the queue (or is never started) and rejects with TaskAbandonedError. */
  signal?: AbortSignal;
};

export type BoundedQueue = (<T>(task: () => Promise<T>, options?: QueueOptions) => Promise<T>) & {
  /** Whether an ordinary task given now would be refused. */
  isFull(): boolean;
  /** Tasks running and waiting now, for the metrics. */
  load(): { running: number; waiting: number };
};

type Waiter = { start: () => void; refuse: (error: Error) => void };

/**
 * A function that runs the tasks given to it at most `running` at a time, with at
 * most `waiting` more in line: past that a task is refused at once (QueueFullError)
 * rather than left to wait behind a flood. Priority tasks wait in a lane of their
 * own that is always served first; when the line is full, one takes the place of
 * the newest ordinary waiter (who has waited least, and who in a flood is almost
 * surely part of it), never more than the bound.
 */
export function createBoundedQueue(limits: { running: number; waiting: number }): BoundedQueue {
  let running = 0;
  const priorityLane: Waiter[] = [];
  const ordinaryLane: Waiter[] = [];

  const passTurn = () => {
    // The turn passes straight to the next in line: a task arriving just now cannot overtake it.
    const next = priorityLane.shift() ?? ordinaryLane.shift();
    if (next) next.start();
    else running--;
  };

  const waitForTurn = (options: QueueOptions) =>
    new Promise<void>((resolve, reject) => {
      const lane = options.priority ? priorityLane : ordinaryLane;
      const leave = () => {
        const index = lane.indexOf(waiter);
        if (index >= 0) lane.splice(index, 1);
        reject(new TaskAbandonedError());
      };
      const waiter: Waiter = {
        start: () => {
          options.signal?.removeEventListener("abort", leave);
          resolve();
        },
        refuse: (error) => {
          options.signal?.removeEventListener("abort", leave);
          reject(error);
        },
      };
      if (priorityLane.length + ordinaryLane.length >= limits.waiting) {
        const displaced = options.priority ? ordinaryLane.pop() : undefined;
        if (!displaced) return reject(new QueueFullError());
        displaced.refuse(new QueueFullError());
      }
      lane.push(waiter);
      options.signal?.addEventListener("abort", leave, { once: true });
    });

  const run = async <T>(task: () => Promise<T>, options: QueueOptions = {}): Promise<T> => {
    if (options.signal?.aborted) throw new TaskAbandonedError();
    if (running < limits.running) running++;
    else await waitForTurn(options);
    try {
      return await task();
    } finally {
      passTurn();
    }
  };
  const isFull = () => running >= limits.running && priorityLane.length + ordinaryLane.length >= limits.waiting;
  const load = () => ({ running, waiting: priorityLane.length + ordinaryLane.length });
  return Object.assign(run, { isFull, load });
}

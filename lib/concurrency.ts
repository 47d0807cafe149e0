/**
 * A function that runs the tasks given to it at most `limit` at a time; the
 * others wait, in the order they came, for a running one to finish.
 */
export function limitConcurrency(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The turn passes straight to the next in line: a task arriving just now cannot overtake it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

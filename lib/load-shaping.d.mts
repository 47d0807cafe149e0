export const serverNodeFlags: string[];
export const changesAdmittedPerTurn: number;
export const hashingThreads: number;
export const hashingTurnsPerThread: number;
export const hashingThreadScheduling: { idle: boolean; niceIncrement: number };
export const sqliteYieldsAfterEachQuery: boolean;
export const purgeBatchSize: number;
export function yieldToEventLoop(): Promise<void>;

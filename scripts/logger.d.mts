import type { DestinationStream, Logger } from "pino";

export const logLevels: string[];
export function scrubText(text: string): string;
export function scrubValue(value: unknown): unknown;
export function createLogger(options?: { level?: string; destination?: DestinationStream }): Logger;

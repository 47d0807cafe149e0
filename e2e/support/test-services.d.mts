type Env = Record<string, string | undefined>;
export const defaultTestDatabaseUrl: string;
export const defaultTestRedisUrl: string;
export function resolveTestServices(env?: Env): { databaseUrl: string; redisUrl: string };
export function databaseUrlFor(name: string, adminUrl: string): string;
export function describeServiceUrl(value: string): string;

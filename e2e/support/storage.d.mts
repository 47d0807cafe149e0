type Env = Record<string, string | undefined>;
export type Configuration = "sqlite" | "postgres" | "postgres-redis";
export const postgresAdminUrl: string;
export const redisUrl: string;
export const configurations: Configuration[];
export function suiteConfiguration(): Configuration;
export function storageEnv(name: string, dataDir: string, configuration?: Configuration): Record<string, string>;
export function prepareStorage(env: Env): Promise<void>;
export function disposeStorage(env: Env): Promise<void>;

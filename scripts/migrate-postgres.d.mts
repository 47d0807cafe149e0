export function migratePostgres(connectionString: string, migrationsDir: string): Promise<void>;

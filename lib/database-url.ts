// Shared by the app and prisma.config.ts, so the CLI and the server always
// open the same database.
export const defaultDatabaseUrl = "file:./data/app.db";

export function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || defaultDatabaseUrl;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The file path of a `file:` URL, relative to the working directory. */
export function sqliteFilePath(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// — got "${url}"`);
  }
  return url.slice("file:".length).split("?")[0] ?? "";
}

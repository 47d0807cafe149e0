/** Loads the project's .env files into process.env as Next does; returns the files read. */
export function loadProjectEnv(dir?: string): string[];

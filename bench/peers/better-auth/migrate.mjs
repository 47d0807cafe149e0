// Creates Better Auth's tables before `next start` (what its CLI's `migrate` does).
import { getMigrations } from "better-auth/db/migration";
import { auth } from "./auth.mjs";

const { runMigrations } = await getMigrations(auth.options);
await runMigrations();

import { mainServerEnv } from "./admin";
import { disposeStorage } from "./storage.mjs";

// The main server's PostgreSQL database and Redis keys go when the suite ends, so the
// machine's shared servers keep nothing of a run.
export default async function teardown() {
  await disposeStorage(mainServerEnv());
}

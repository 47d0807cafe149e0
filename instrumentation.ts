// Runs once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSessionPurge } = await import("./lib/session-purge");
  startSessionPurge();
}

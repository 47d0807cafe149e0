// Runs once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSessionPurge } = await import("./lib/session-purge");
  const { listenForEvictions } = await import("./lib/session-eviction");
  const { logClientAddressSource } = await import("./lib/request");
  logClientAddressSource();
  startSessionPurge();
  // Listening from the start, the session cache is on from the first request.
  listenForEvictions();
}

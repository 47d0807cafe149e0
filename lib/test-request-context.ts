// Shared by the unit tests: the request context server.mjs gives each request (lib/request.ts
// getRequestContext), or none at all, as under `next start`.
import { AsyncLocalStorage } from "node:async_hooks";
import type { RequestContext } from "./request";

const shared = globalThis as unknown as { sessionAuthRequestContext?: AsyncLocalStorage<RequestContext> };

/** As when server.mjs has started: the context exists, outside any request. */
export function startServerContext(): void {
  shared.sessionAuthRequestContext ??= new AsyncLocalStorage<RequestContext>();
}

/** Runs `task` as server.mjs runs a request: in a context holding the socket's address. */
export function runAsServed<T>(socketAddress: string | null, task: () => T): T {
  startServerContext();
  return shared.sessionAuthRequestContext!.run({ requestId: "r1", socketAddress }, task);
}

/** As without server.mjs (`next start`, `next dev`): no context. */
export function stopServerContext(): void {
  delete shared.sessionAuthRequestContext;
}

// Pools and connections to close when the process stops. server.mjs (plain
// JavaScript, outside Next's bundles) runs them after draining HTTP, so the
// registry lives on globalThis under a name both sides know.

type Hook = () => Promise<unknown> | unknown;

const shared = globalThis as unknown as { sessionAuthShutdownHooks?: Map<string, Hook> };
shared.sessionAuthShutdownHooks ??= new Map();
const hooks = shared.sessionAuthShutdownHooks;

/** Registers (or replaces) the hook that closes `name`. */
export function onShutdown(name: string, hook: Hook): void {
  hooks.set(name, hook);
}

/** Runs every hook once, in parallel; a failing hook does not stop the others. */
export async function runShutdownHooks(): Promise<void> {
  const pending = [...hooks.values()];
  hooks.clear();
  await Promise.allSettled(pending.map(async (hook) => hook()));
}

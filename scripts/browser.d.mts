/** A path for a system browser, undefined for Playwright's own, null when there is none. */
export function findChromium(): string | undefined | null;
export function ensureChromium(): string | undefined;
export const systemChromiumArgs: string[];

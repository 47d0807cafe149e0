export function securityHeadersFor(path: string): ReadonlyArray<readonly [string, string]>;

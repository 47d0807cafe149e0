// Without a file of its own here, Turbopack (rooted at the app, for its node_modules) builds
// the app's instrumentation.ts into this app: this one keeps the bare app bare.
export function register() {}

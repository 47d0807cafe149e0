import { createLogger } from "../scripts/logger.mjs";

// The app's log: JSON lines through pino at LOG_LEVEL, in the format server.mjs writes too
// (scripts/logger.mjs, which also keeps secrets out: redaction by key, errors cut down to
// type, message and stack, tokens cut out of strings). Lines written while a request is
// served carry its `requestId`.

type Fields = Record<string, unknown>;

/**
 * A message is a constant: a string whose type is not a literal (a variable, `${what} failed`)
 * is refused, so that whatever varies goes into a field, where redaction sees it by its key.
 * (Only for literals, or unions of them, has `Record<M, 1>` a required key that an empty object lacks.)
 */
type Message<M extends string> = Record<never, never> extends Record<M, 1> ? never : M;

const shared = globalThis as unknown as { sessionAuthLogger?: ReturnType<typeof createLogger> };
// One logger per process, however many bundles (routes, proxy.ts, instrumentation) import this.
const logger = (shared.sessionAuthLogger ??= createLogger());

export const log = {
  debug: <M extends string>(message: Message<M>, fields?: Fields) => logger.debug(fields ?? {}, message),
  info: <M extends string>(message: Message<M>, fields?: Fields) => logger.info(fields ?? {}, message),
  warn: <M extends string>(message: Message<M>, fields?: Fields) => logger.warn(fields ?? {}, message),
  error: <M extends string>(message: Message<M>, fields?: Fields) => logger.error(fields ?? {}, message),
};

// Every failure the API reports, in one place, so codes and statuses stay stable.
export type ErrorCode =
  | "invalid_input"
  | "invalid_json"
  | "invalid_credentials"
  | "invalid_token"
  | "invalid_code"
  | "invalid_passkey"
  | "sign_in_expired"
  | "reauthentication_required"
  | "step_up_required"
  | "two_factor_enabled"
  | "two_factor_not_enabled"
  | "email_taken"
  | "last_admin"
  | "last_sign_in_method"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "rate_limited"
  | "service_unavailable"
  | "internal_error";

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const invalidInput = (fieldErrors: FieldErrors, message = "Some fields are not valid.") =>
  new AppError("invalid_input", 400, message, fieldErrors);

// One message for an unknown email and a wrong password, so neither reveals which accounts exist.
export const invalidCredentials = () => new AppError("invalid_credentials", 401, "The email or password is incorrect.");

// One answer for a mailed link that is unknown, used or expired: which of these is nobody's business.
export const invalidAccountLink = () =>
  new AppError("invalid_token", 400, "This link is invalid or has expired. Ask for a new one.", {
    token: ["This link is invalid or has expired. Ask for a new one."],
  });

// One answer for a wrong, expired and already used code: a replayed code learns nothing.
export const invalidCode = () =>
  new AppError("invalid_code", 400, "This code is incorrect or has already been used.", {
    code: ["This code is incorrect or has already been used."],
  });

// One answer for every refused passkey (unknown, another account's, replayed, expired challenge,
// wrong origin, counter gone backwards, bad signature): which check failed helps only an attacker.
export const invalidPasskey = () =>
  new AppError("invalid_passkey", 400, "This passkey could not be used. Try again, or sign in another way.");

export const lastSignInMethod = () =>
  new AppError("last_sign_in_method", 409, "This is the last way to sign in to your account: add another before removing it.");

export const signInExpired = () => new AppError("sign_in_expired", 401, "This sign-in has expired. Enter your email and password again.");

export const reauthenticationRequired = () =>
  new AppError("reauthentication_required", 403, "Enter your password again to continue: you signed in too long ago for this change.");

// A guard asked for a stronger or more recent sign-in (lib/require-user.ts): POST /api/auth/step-up gives it.
export const stepUpRequired = () =>
  new AppError(
    "step_up_required",
    403,
    "Confirm it is you with your second factor to continue: this needs a stronger or more recent sign-in.",
  );

export const twoFactorEnabled = () => new AppError("two_factor_enabled", 409, "Two-factor authentication is already on.");

export const twoFactorNotEnabled = (message = "Two-factor authentication is not on.") =>
  new AppError("two_factor_not_enabled", 409, message);

export const emailTaken = (field = "email") =>
  new AppError("email_taken", 409, "An account with this email already exists.", {
    [field]: ["An account with this email already exists."],
  });

export const unauthenticated = () => new AppError("unauthenticated", 401, "You are not signed in.");

export const forbidden = (message = "You are not allowed to do this.") => new AppError("forbidden", 403, message);

export const notFound = (what = "resource") => new AppError("not_found", 404, `No such ${what}.`);

// Fail closed: when the store cannot answer, nobody is let in.
export const serviceUnavailable = () =>
  new AppError("service_unavailable", 503, "The service is temporarily unavailable. Try again shortly.");

// Every hashing thread is busy and its line is full: answered at once, before any hashing or database work.
export const hashingBusy = (retryAfterSeconds: number) =>
  new AppError("service_unavailable", 503, "The server is busy checking passwords right now. Try again in a few seconds.", undefined, {
    "Retry-After": String(retryAfterSeconds),
  });

// The client closed its connection before its turn came; nobody reads this answer.
export const clientGone = () => new AppError("service_unavailable", 503, "The request was abandoned by its client.");

const unavailableErrorNames = new Set([
  "PrismaClientInitializationError",
  "PrismaClientUnknownRequestError",
  "PrismaClientRustPanicError",
  "DriverAdapterError",
  "SqliteError",
  "PostgresQueryError",
  "RedisUnavailableError",
]);

/**
 * The database (or session store) could not do its job: unreachable, unreadable,
 * corrupt. Query errors of our own making (Prisma's P2xxx codes) are not this.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (name === "PrismaClientKnownRequestError") return typeof code === "string" && !code.startsWith("P2");
  return typeof name === "string" && unavailableErrorNames.has(name);
}

/** The AppError a failure stands for, or null for a bug. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (isStoreUnavailable(error)) return serviceUnavailable();
  return null;
}

// How strongly a session was signed in (issue 19), after NIST SP 800-63B-4's
// authentication assurance levels: aal1 is one factor (a password), aal2 two
// (a password and an app code or recovery code), or a passkey with user
// verification, which is a possession and a PIN or biometric in one.
// A session records the method; its level is always derived from it here, never
// chosen by a caller.

export type Assurance = "aal1" | "aal2";

export const signInMethods = ["password", "password+totp", "password+recovery-code", "passkey", "password+passkey"] as const;

/**
 * What a session was signed in (or last re-authenticated) with. "passkey" is a
 * passkey alone and only ever stands for one with user verification: a passkey
 * without it is no complete sign-in.
 */
export type SignInMethod = (typeof signInMethods)[number];

const levels: Record<Assurance, number> = { aal1: 1, aal2: 2 };

/**
 * The level of a session signed in with `method`. createSession takes only the method,
 * which gives the re-authentication rule: a session that continues after a
 * re-authentication (the password again, a step-up, a credential change) is at the
 * level of the method that re-authenticated it, never above. An aal2 session that
 * enters only its password again is aal1 from then on: its creation time is that of
 * the new proof, and a password must not make a second factor look recent.
 */
export function assuranceOf(method: SignInMethod): Assurance {
  return method === "password" ? "aal1" : "aal2";
}

/** True when `assurance` is at least `required`. */
export function meetsAssurance(assurance: Assurance, required: Assurance): boolean {
  return levels[assurance] >= levels[required];
}

/**
 * A stored method as the app may trust it. Anything unknown or missing (a record
 * from before assurance levels, a value written by hand) reads as a password
 * sign-in: the weakest, so a bad value can only ask for more.
 */
export function readSignInMethod(value: unknown): SignInMethod {
  return signInMethods.find((method) => method === value) ?? "password";
}

/** A stored level, no higher than its stored method allows, for the same reason. */
export function readAssurance(value: unknown, method: SignInMethod): Assurance {
  const stored: Assurance = value === "aal2" ? "aal2" : "aal1";
  return meetsAssurance(assuranceOf(method), stored) ? stored : assuranceOf(method);
}

/** "password + app code": for pages and notices. */
export function describeSignInMethod(method: SignInMethod): string {
  switch (method) {
    case "password":
      return "password";
    case "password+totp":
      return "password + app code";
    case "password+recovery-code":
      return "password + recovery code";
    case "passkey":
      return "passkey";
    case "password+passkey":
      return "password + passkey";
  }
}

import { getConfig } from "./config";

// NIST SP 800-63B-4 3.1.1.2: length is what matters; no composition rules.
export const passwordMaxLength = 256; // code points; NIST asks that at least 64 be allowed
export const passwordMaxBytes = 1024; // refused before any hashing, so long inputs cost nothing

export type PasswordContext = { email?: string; name?: string; appName?: string };

/** Why the password is refused, in words for the user; null when it is acceptable. */
export function checkPasswordPolicy(password: string, context: PasswordContext = {}): string | null {
  if (Buffer.byteLength(password, "utf8") > passwordMaxBytes) {
    return `Use at most ${passwordMaxBytes} bytes.`;
  }
  // Count what people see as characters, not UTF-16 units: "🔑" is one, not two.
  const length = [...password].length;
  const passwordMinLength = getConfig().passwordMinLength;
  if (length < passwordMinLength) {
    return `Use at least ${passwordMinLength} characters (this one has ${length}).`;
  }
  if (length > passwordMaxLength) {
    return `Use at most ${passwordMaxLength} characters.`;
  }
  const lowered = password.toLowerCase();
  for (const word of contextWords(context)) {
    if (lowered.includes(word)) return `Don't use your email, your name or the name of this site in your password.`;
  }
  return null;
}

function contextWords({ email, name, appName }: PasswordContext): string[] {
  const words = [email, email?.split("@")[0], name, appName, appName?.replace(/\s+/g, "")];
  return words.map((word) => word?.trim().toLowerCase() ?? "").filter((word) => word.length >= 4);
}

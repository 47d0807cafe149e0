import { dictionary } from "@zxcvbn-ts/language-common";
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
  if (isCommonPassword(lowered)) {
    return "This password is one of the most commonly used ones, so it is guessed first. Choose another.";
  }
  if (/^(.{1,4})\1+$/su.test(password)) {
    return "Avoid repeating the same characters; a few unrelated words work better.";
  }
  if (isSequence(password)) {
    return 'Avoid sequences like "abcdef" or "123456"; a few unrelated words work better.';
  }
  return null;
}

let commonPasswords: Set<string> | undefined;

/**
 * The ~49,000 most common passwords from breach corpora, as shipped offline by
 * @zxcvbn-ts/language-common; also caught with digits or symbols tacked on
 * ("password2024!!!!").
 */
function isCommonPassword(lowered: string): boolean {
  commonPasswords ??= new Set(dictionary["passwords-common"]);
  if (commonPasswords.has(lowered)) return true;
  const core = lowered.replace(/^[\d\W_]+|[\d\W_]+$/gu, "");
  return core.length >= 4 && core !== lowered && commonPasswords.has(core);
}

/** "abcdefghijklmno", "987654321098765": each character one step from the previous one. */
function isSequence(password: string): boolean {
  const codes = [...password].map((character) => character.codePointAt(0)!);
  const isDigit = (code: number) => code >= 48 && code <= 57;
  // Digits wrap around: ...8, 9, 0, 1...
  const follows = (previous: number, code: number, step: number) =>
    code === previous + step || (isDigit(previous) && isDigit(code) && code - 48 === (previous - 48 + step + 10) % 10);
  return [1, -1].some((step) => codes.every((code, i) => i === 0 || follows(codes[i - 1]!, code, step)));
}

/** The email, its local part and the parts of it and of the name ("Ada King" → "king"); the app's name whole. */
function contextWords({ email, name, appName }: PasswordContext): string[] {
  const localPart = email?.split("@")[0] ?? "";
  const parts = [...localPart.split(/[._+-]+/), ...(name ?? "").split(/\s+/)];
  const words = [email, localPart, name, ...parts, appName, appName?.replace(/\s+/g, "")];
  return words.map((word) => word?.trim().toLowerCase() ?? "").filter((word) => word.length >= 4);
}

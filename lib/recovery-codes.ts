import { getDb } from "./db";
import { generateCode, hashToken } from "./token";

// Ten single-use codes that stand in for the authenticator app when it is lost.
// Each is 120 random bits (24 base32 characters, shown in six groups of four), so
// like session tokens a plain SHA-256 is enough to store them: with at least 112
// bits there is nothing to guess and nothing to crack offline (ASVS 6.5.2), and no
// salted slow hash is needed. Shown once, when made.

export const recoveryCodeCount = 10;

// Crockford's base32: no I, L, O or U, so a code read aloud or retyped survives.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const recoveryCodeCharacters = 24;

function generateRecoveryCode(): string {
  return generateCode(alphabet, recoveryCodeCharacters).match(/.{4}/g)!.join("-");
}

/** What the user typed, as stored: case, spaces and dashes ignored, look-alike letters read as digits. */
export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

// 24 characters now; 16 (80 bits) for the codes issued before, which keep working until used or replaced.
export const recoveryCodePattern = /^(?:[0-9A-HJKMNP-TV-Z]{24}|[0-9A-HJKMNP-TV-Z]{16})$/;

const hashRecoveryCode = (code: string) => hashToken(normalizeRecoveryCode(code));

/** A new set of codes for the user; the previous set stops working. */
export async function replaceRecoveryCodes(userId: string): Promise<string[]> {
  const codes = Array.from({ length: recoveryCodeCount }, generateRecoveryCode);
  const db = await getDb();
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((code) => ({ id: hashRecoveryCode(code), userId })) }),
  ]);
  return codes;
}

/** True if the code was one of the user's unused ones; it is then used up. Of two racing uses, one wins. */
export async function redeemRecoveryCode(userId: string, code: string): Promise<boolean> {
  if (!recoveryCodePattern.test(normalizeRecoveryCode(code))) return false;
  const db = await getDb();
  const { count } = await db.recoveryCode.updateMany({
    where: { id: hashRecoveryCode(code), userId, usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

export async function countUnusedRecoveryCodes(userId: string): Promise<number> {
  const db = await getDb();
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

export async function deleteRecoveryCodes(userId: string): Promise<void> {
  const db = await getDb();
  await db.recoveryCode.deleteMany({ where: { userId } });
}

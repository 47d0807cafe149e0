import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { changePassword } from "./auth";
import { initialCredentialVersion } from "./credential-version";
import { getDb } from "./db";
import { readOutbox } from "./mail";
import { validateSessionToken } from "./session";
import {
  createSignInChallenge,
  findSignInChallenge,
  maxChallengeAttempts,
  purgeExpiredSignInChallenges,
  takeChallengeAttempt,
} from "./sign-in-challenge";
import { decryptTotpSecret, encryptTotpSecret, generateTotpCode, matchTotpCode } from "./totp";
import {
  disableTwoFactor,
  getTwoFactorStatus,
  regenerateRecoveryCodes,
  resetTwoFactorAsOperator,
  secondFactorInput,
  verifySecondFactor,
} from "./two-factor";
import { enableTwoFactor, startTwoFactorSetup } from "./two-factor-setup";
import { client, createTestSession, makeUser, readRow, setUserColumns } from "./test-helpers";
import { readCredentialVersion } from "./user";

const password = "a perfectly long passphrase";
const step = 30_000;

/**
 * A user with 2FA on, the secret their app holds, and their recovery codes. The
 * code of the current step turned it on, so tests sign in with the next step's
 * (`nextCode`), which a step boundary in between keeps within the accepted drift.
 */
async function userWithTwoFactor() {
  const user = await makeUser(password);
  const { secret } = await startTwoFactorSetup(user, client);
  const { recoveryCodes } = await enableTwoFactor(user, { code: generateTotpCode(secret) }, client, initialCredentialVersion);
  return { user, secret, recoveryCodes };
}
/** A pending sign-in, as one checking the account's current password starts it. */
const startChallenge = async (userId: string, persistent: boolean) =>
  createSignInChallenge(userId, persistent, (await readCredentialVersion(userId))!);
const nextCode = (secret: string) => generateTotpCode(secret, Date.now() + step);

describe("TOTP", () => {
  it("accepts the code of this step and of one step either side, nothing further", () => {
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const now = 1_800_000_000_000;
    const current = Math.floor(now / step);
    expect(matchTotpCode(secret, generateTotpCode(secret, now), now)).toBe(current);
    expect(matchTotpCode(secret, generateTotpCode(secret, now - step), now)).toBe(current - 1);
    expect(matchTotpCode(secret, generateTotpCode(secret, now + step), now)).toBe(current + 1);
    expect(matchTotpCode(secret, generateTotpCode(secret, now - 2 * step), now)).toBeNull();
    expect(matchTotpCode(secret, "12345", now)).toBeNull();
    expect(matchTotpCode(secret, "abcdef", now)).toBeNull();
  });

  it("keeps the secret encrypted, and refuses a tampered one", async () => {
    const { user, secret } = await userWithTwoFactor();
    const totpSecret = (await readRow("User", user.id))!.totpSecret as string | null;
    expect(totpSecret).not.toContain(secret);
    expect(decryptTotpSecret(totpSecret!)).toBe(secret);
    expect(encryptTotpSecret(secret)).not.toBe(encryptTotpSecret(secret));
    const tampered = totpSecret!.slice(0, -2) + (totpSecret!.endsWith("A") ? "BB" : "AA");
    expect(() => decryptTotpSecret(tampered)).toThrow();
  });
});

describe("second factor", () => {
  it("takes each app code once: the same code, or an earlier one, fails after it", async () => {
    const { user, secret } = await userWithTwoFactor();
    const next = nextCode(secret);
    expect(await verifySecondFactor(user.id, { code: next }, client)).toBe("totp");
    await expect(verifySecondFactor(user.id, { code: next }, client)).rejects.toMatchObject({ code: "invalid_code" });
    await expect(verifySecondFactor(user.id, { code: generateTotpCode(secret) }, client)).rejects.toMatchObject({ code: "invalid_code" });
  });

  it("lets only one of two simultaneous uses of a code through", async () => {
    const { user, secret } = await userWithTwoFactor();
    const code = nextCode(secret);
    const results = await Promise.allSettled([
      verifySecondFactor(user.id, { code }, client),
      verifySecondFactor(user.id, { code }, client),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("takes each recovery code once, however it is typed", async () => {
    const { user, recoveryCodes } = await userWithTwoFactor();
    // Lower case, spaces for dashes, and the letters O and L for the digits 0 and 1.
    const code = recoveryCodes.find((c) => /[01]/.test(c))!;
    const typed = ` ${code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "L")} `;
    expect(await verifySecondFactor(user.id, secondFactorInput.parse({ code: typed }), client)).toBe("recovery_code");
    await expect(verifySecondFactor(user.id, { code }, client)).rejects.toMatchObject({ code: "invalid_code" });
    expect((await getTwoFactorStatus(user.id)).recoveryCodesLeft).toBe(9);
  });

  it("makes recovery codes of 120 random bits, 24 base32 characters in six groups, stored as SHA-256", async () => {
    const { user, recoveryCodes } = await userWithTwoFactor();
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
    const db = await getDb();
    const stored = (await db.recoveryCode.findMany({ where: { userId: user.id } })).map((row) => row.id).sort();
    const expected = recoveryCodes.map((code) => crypto.createHash("sha256").update(code.replace(/-/g, "")).digest("hex")).sort();
    expect(stored).toEqual(expected);
  });

  it("still takes, once, a recovery code of the 16-character form issued before", async () => {
    const { user } = await userWithTwoFactor();
    const issuedBefore = "7K2M-Q9XD-4RTV-HB8N";
    const db = await getDb();
    await db.recoveryCode.create({
      data: { userId: user.id, id: crypto.createHash("sha256").update(issuedBefore.replace(/-/g, "")).digest("hex") },
    });
    expect(await verifySecondFactor(user.id, { code: issuedBefore }, client)).toBe("recovery_code");
    await expect(verifySecondFactor(user.id, { code: issuedBefore }, client)).rejects.toMatchObject({ code: "invalid_code" });
  });

  it("refuses another account's recovery code", async () => {
    const first = await userWithTwoFactor();
    const second = await userWithTwoFactor();
    await expect(verifySecondFactor(second.user.id, { code: first.recoveryCodes[0]! }, client)).rejects.toMatchObject({
      code: "invalid_code",
    });
  });

  it("stops taking codes, even right ones, after too many wrong ones", async () => {
    const { user, secret } = await userWithTwoFactor();
    for (let i = 0; i < 10; i++) {
      await expect(verifySecondFactor(user.id, { code: "000000" }, client)).rejects.toMatchObject({ code: "invalid_code" });
    }
    await expect(verifySecondFactor(user.id, { code: nextCode(secret) }, client)).rejects.toMatchObject({
      code: "rate_limited",
      status: 429,
    });
  });

  it("counts parallel guesses before checking any of them", async () => {
    const { user } = await userWithTwoFactor();
    const guesses = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => verifySecondFactor(user.id, { code: String(100000 + i) }, client)),
    );
    const checked = guesses.filter((g) => g.status === "rejected" && (g.reason as { code?: string }).code === "invalid_code");
    expect(checked).toHaveLength(10);
  });

  it("does not count right codes against the account", async () => {
    const { user, recoveryCodes } = await userWithTwoFactor();
    for (const code of recoveryCodes) expect(await verifySecondFactor(user.id, { code }, client)).toBe("recovery_code");
  });

  it("new recovery codes replace the old ones", async () => {
    const { user, secret, recoveryCodes } = await userWithTwoFactor();
    const fresh = await regenerateRecoveryCodes(user, { code: nextCode(secret) }, client);
    expect(fresh).toHaveLength(10);
    await expect(verifySecondFactor(user.id, { code: recoveryCodes[1]! }, client)).rejects.toMatchObject({ code: "invalid_code" });
    expect(await verifySecondFactor(user.id, { code: fresh[1]! }, client)).toBe("recovery_code");
  });
});

describe("turning 2FA off", () => {
  it("needs the right password and a right code, then forgets the secret and the codes", async () => {
    const { user, secret, recoveryCodes } = await userWithTwoFactor();
    await expect(disableTwoFactor(user, { password: "not the password at all", code: nextCode(secret) }, client)).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { password: ["The password is incorrect."] },
    });
    await expect(disableTwoFactor(user, { password, code: "123456" }, client)).rejects.toMatchObject({ code: "invalid_code" });
    expect((await getTwoFactorStatus(user.id)).enabled).toBe(true);
    await disableTwoFactor(user, { password, code: recoveryCodes[0]! }, client);
    expect(await getTwoFactorStatus(user.id)).toEqual({ enabled: false, enabledAt: null, setupPending: false, recoveryCodesLeft: 0 });
    const db = await getDb();
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await readRow("User", user.id))!.totpSecret).toBeNull();
    expect(readOutbox().find((mail) => mail.to === user.email)?.subject).toMatch(/two-factor authentication is off$/);
  });
});

describe("sign-in challenge", () => {
  it("takes five attempts, even in parallel, then ends; and ends when 2FA is turned off", async () => {
    const { user, recoveryCodes } = await userWithTwoFactor();
    const { token } = await startChallenge(user.id, false);
    const challenge = (await findSignInChallenge(token))!;
    expect(challenge).toMatchObject({ userId: user.id, persistent: false });
    const taken = await Promise.all(Array.from({ length: 12 }, () => takeChallengeAttempt(challenge.id)));
    expect(taken.filter(Boolean)).toHaveLength(maxChallengeAttempts);
    expect(await findSignInChallenge(token)).toBeNull();

    const { token: another } = await startChallenge(user.id, true);
    expect(await findSignInChallenge(another)).not.toBeNull();
    await disableTwoFactor(user, { password, code: recoveryCodes[0]! }, client);
    expect(await findSignInChallenge(another)).toBeNull();
  });
});

describe("purging", () => {
  it("deletes lapsed sign-in challenges, of every account, and keeps live ones", async () => {
    const db = await getDb();
    const { user } = await userWithTwoFactor();
    const { token: live } = await startChallenge(user.id, false);
    const { token: lapsing } = await startChallenge(user.id, false);
    const lapsed = (await findSignInChallenge(lapsing))!;
    await db.signInChallenge.update({ where: { id: lapsed.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // Others' lapsed challenges may be purged alongside: at least this one is.
    expect(await purgeExpiredSignInChallenges()).toBeGreaterThanOrEqual(1);
    expect(await db.signInChallenge.count({ where: { id: lapsed.id } })).toBe(0);
    expect(await findSignInChallenge(live)).not.toBeNull();
  });
});

describe("a pending sign-in", () => {
  it("opens nothing once the account is disabled, or its 2FA is gone by any path", async () => {
    const first = await userWithTwoFactor();
    const { token: disabled } = await startChallenge(first.user.id, false);
    await setUserColumns(first.user.id, { disabledAt: new Date() });
    expect(await findSignInChallenge(disabled)).toBeNull();

    // Cleared without the usual clean-up (which also deletes pending sign-ins).
    const second = await userWithTwoFactor();
    const { token: orphaned } = await startChallenge(second.user.id, false);
    await setUserColumns(second.user.id, { totpEnabledAt: null });
    expect(await findSignInChallenge(orphaned)).toBeNull();
  });
});

describe("a password change", () => {
  it("ends the sign-ins that began with the old password and wait for a code", async () => {
    const { user } = await userWithTwoFactor();
    const { token } = await startChallenge(user.id, false);
    await changePassword(user.id, { currentPassword: password, newPassword: "an entirely new long passphrase" }, client);
    expect(await findSignInChallenge(token)).toBeNull();
  });
});

describe("operator reset", () => {
  it("turns 2FA off and ends every session of the account", async () => {
    const { user } = await userWithTwoFactor();
    const { token } = await createTestSession(user.id, false);
    await resetTwoFactorAsOperator(user, "cli", client);
    expect((await getTwoFactorStatus(user.id)).enabled).toBe(false);
    expect(await validateSessionToken(token, { renew: false })).toBeNull();
    await expect(resetTwoFactorAsOperator(user, "cli", client)).rejects.toMatchObject({ code: "two_factor_not_enabled" });
  });
});

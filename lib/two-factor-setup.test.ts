import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { initialCredentialVersion } from "./credential-version";
import { getDb } from "./db";
import { readOutbox } from "./mail";
import { normalizeRecoveryCode, recoveryCodeCount } from "./recovery-codes";
import { encryptTotpSecret, generateTotpCode, generateTotpSecret } from "./totp";
import { getTwoFactorStatus } from "./two-factor";
import { enableTwoFactor, startTwoFactorSetup } from "./two-factor-setup";
import { client, makeUser, readRow } from "./test-helpers";

// A setup restarted (a new secret) between the check of the first code and the write
// that turns 2FA on: on timing alone this interleaving is rare, so the test makes it
// happen, with a hook right after the code is matched. The mock is per file, so the
// setup's tests live here apart from lib/two-factor.test.ts; unhooked it changes nothing.
const hook = vi.hoisted(() => ({ afterMatch: null as (() => void) | null }));
vi.mock("./totp", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./totp")>();
  return {
    ...actual,
    matchTotpCode: (...args: Parameters<typeof actual.matchTotpCode>) => {
      const step = actual.matchTotpCode(...args);
      hook.afterMatch?.();
      return step;
    },
  };
});

describe("two-factor setup", () => {
  it("stays off until a first right code, then gives ten recovery codes, stored hashed", async () => {
    const user = await makeUser();
    const { secret, uri, qrCode } = await startTwoFactorSetup(user, client);
    expect(uri).toMatch(/^otpauth:\/\/totp\/.+\?.*secret=/);
    expect(qrCode).toMatch(/^data:image\/png;base64,/);
    expect(await getTwoFactorStatus(user.id)).toMatchObject({ enabled: false, setupPending: true });
    await expect(enableTwoFactor(user, { code: "000000" }, client, initialCredentialVersion)).rejects.toMatchObject({
      code: "invalid_code",
    });
    const { recoveryCodes: codes } = await enableTwoFactor(user, { code: generateTotpCode(secret) }, client, initialCredentialVersion);
    expect(codes).toHaveLength(recoveryCodeCount);
    expect(new Set(codes).size).toBe(recoveryCodeCount);
    expect(await getTwoFactorStatus(user.id)).toMatchObject({ enabled: true, setupPending: false, recoveryCodesLeft: 10 });
    const db = await getDb();
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored.map((row) => row.id)).not.toContain(codes[0]);
    expect(stored.map((row) => row.id)).not.toContain(normalizeRecoveryCode(codes[0]!));
    await expect(startTwoFactorSetup(user, client)).rejects.toMatchObject({ code: "two_factor_enabled" });
    expect(readOutbox().find((mail) => mail.to === user.email)?.subject).toMatch(/two-factor authentication is on$/);
  });
});

describe("a setup restarted while its first code is checked", () => {
  it("does not turn 2FA on with the new secret, which the app that made the code does not hold", async () => {
    const user = await makeUser();
    const { secret } = await startTwoFactorSetup(user, client);
    const sqlite = new Database(path.join(process.env.DATA_DIR!, "unit.db"));
    hook.afterMatch = () => {
      hook.afterMatch = null;
      sqlite.prepare(`UPDATE "User" SET "totpSecret" = ? WHERE "id" = ?`).run(encryptTotpSecret(generateTotpSecret()), user.id);
    };
    try {
      await expect(enableTwoFactor(user, { code: generateTotpCode(secret) }, client, initialCredentialVersion)).rejects.toMatchObject({
        code: "invalid_code",
      });
    } finally {
      hook.afterMatch = null;
      sqlite.close();
    }
    expect((await readRow("User", user.id))!.totpEnabledAt).toBeNull();
  });
});

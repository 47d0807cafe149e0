import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { initialCredentialVersion } from "./credential-version";
import { getDb } from "./db";
import { encryptTotpSecret, generateTotpCode, generateTotpSecret } from "./totp";
import { enableTwoFactor, startTwoFactorSetup } from "./two-factor";
import { client, makeUser } from "./test-helpers";

// A setup restarted (a new secret) between the check of the first code and the write
// that turns 2FA on: on timing alone this interleaving is rare, so the test makes it
// happen, with a hook right after the code is matched. Its own file: the mock is per file.
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
    const stored = await (await getDb()).user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpEnabledAt).toBeNull();
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { registerAccount, verifyCredentials } from "./auth";
import { loadConfigForTest } from "./config";
import { hashPassword, isPasswordHashOutdated, verifyPassword } from "./password";
import { upgradePasswordHash } from "./password-rehash";
import { client, readRow, setUserColumns, uniqueEmail } from "./test-helpers";

const password = "a perfectly long passphrase";

// The unit tests hash at cost 4 (vitest.config.mts); "raising BCRYPT_COST" is loading 5.
const raiseCost = () => loadConfigForTest({ ...process.env, BCRYPT_COST: "5" });

async function storedHash(userId: string): Promise<string> {
  return (await readRow("User", userId))!.passwordHash as string;
}

afterEach(() => {
  loadConfigForTest(process.env);
});

describe("isPasswordHashOutdated", () => {
  it("reads the cost from the $2b$NN$ prefix and compares it with BCRYPT_COST", async () => {
    const atFour = await hashPassword(password);
    expect(isPasswordHashOutdated(atFour)).toBe(false);
    raiseCost();
    expect(isPasswordHashOutdated(atFour)).toBe(true);
    expect(isPasswordHashOutdated(atFour.replace(/^\$2b\$04\$/, "$2b$05$"))).toBe(false);
    // A lower configured cost never downgrades a stronger hash.
    expect(isPasswordHashOutdated(atFour.replace(/^\$2b\$04\$/, "$2b$12$"))).toBe(false);
  });

  it("counts another scheme as outdated", () => {
    expect(isPasswordHashOutdated("$2a$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234")).toBe(true);
    expect(isPasswordHashOutdated("plain")).toBe(true);
  });
});

describe("upgradePasswordHash", () => {
  it("a sign-in after BCRYPT_COST was raised stores a hash at the new cost, and the password still works", async () => {
    const user = await registerAccount({ email: uniqueEmail("rehash"), password }, client);
    expect(await storedHash(user.id)).toMatch(/^\$2b\$04\$/);
    raiseCost();
    await verifyCredentials({ email: user.email, password }, client);
    const upgraded = await storedHash(user.id);
    expect(upgraded).toMatch(/^\$2b\$05\$/);
    expect(await verifyPassword(password, upgraded)).toBe(true);
    await expect(verifyCredentials({ email: user.email, password }, client)).resolves.toMatchObject({ id: user.id });
    expect(await storedHash(user.id)).toBe(upgraded);
  });

  it("leaves a hash that changed since the sign-in read it (a password change won the race)", async () => {
    const user = await registerAccount({ email: uniqueEmail("rehash-race"), password }, client);
    const readBySignIn = await storedHash(user.id);
    const changedMeanwhile = await hashPassword("the owner's brand new passphrase");
    await setUserColumns(user.id, { passwordHash: changedMeanwhile });
    raiseCost();
    await upgradePasswordHash(user.id, password, readBySignIn);
    expect(await storedHash(user.id)).toBe(changedMeanwhile);
  });
});

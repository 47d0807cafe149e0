import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "./db";
import { deletePasskey, listPasskeys, renamePasskey } from "./passkey-list";
import { defaultPasskeyName } from "./passkey-names";
import { makeUser } from "./test-helpers";
import { createUser } from "./user";

async function storePasskey(userId: string, name = "Passkey") {
  const db = await getDb();
  return db.passkey.create({
    data: {
      userId,
      name,
      credentialId: crypto.randomBytes(16).toString("base64url"),
      publicKey: Buffer.from([1]),
      aaguid: "00000000-0000-0000-0000-000000000000",
    },
  });
}

describe("an account's passkeys", () => {
  it("never removes the last way to sign in: an account without a password keeps its last passkey", async () => {
    const user = await createUser({
      email: `nopassword-${crypto.randomBytes(4).toString("hex")}@example.test`,
      name: "No Password",
      passwordHash: "",
    });
    const first = await storePasskey(user.id, "first");
    const second = await storePasskey(user.id, "second");
    await deletePasskey(user.id, first.id);
    await expect(deletePasskey(user.id, second.id)).rejects.toMatchObject({ code: "last_sign_in_method", status: 409 });
    expect((await listPasskeys(user.id)).map((passkey) => passkey.name)).toEqual(["second"]);
  });

  it("of two removals at once of an account's last two passkeys (no password), leaves one", async () => {
    const user = await createUser({
      email: `nopassword-${crypto.randomBytes(4).toString("hex")}@example.test`,
      name: "No Password",
      passwordHash: "",
    });
    const passkeys = [await storePasskey(user.id, "first"), await storePasskey(user.id, "second")];
    const results = await Promise.allSettled(passkeys.map((passkey) => deletePasskey(user.id, passkey.id)));
    expect(results.filter((result) => result.status === "fulfilled").length).toBeLessThanOrEqual(1);
    for (const result of results) if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "last_sign_in_method" });
    const left = await listPasskeys(user.id);
    expect(left.length).toBeGreaterThanOrEqual(1);
    // Put back as it was: the same row, its key and counter.
    const db = await getDb();
    const restored = await db.passkey.findUniqueOrThrow({ where: { id: left[0]!.id } });
    expect(restored).toEqual(passkeys.find((passkey) => passkey.id === restored.id));
  });

  it("removes an account's only passkey when it also has a password", async () => {
    const user = await makeUser();
    const passkey = await storePasskey(user.id);
    await deletePasskey(user.id, passkey.id);
    expect(await listPasskeys(user.id)).toEqual([]);
  });

  it("neither renames nor removes another account's passkey", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const passkey = await storePasskey(owner.id, "mine");
    await expect(renamePasskey(stranger.id, passkey.id, { name: "theirs" })).rejects.toMatchObject({ code: "not_found" });
    await expect(deletePasskey(stranger.id, passkey.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(deletePasskey(owner.id, "not an id")).rejects.toMatchObject({ code: "not_found" });
    expect((await listPasskeys(owner.id)).map((p) => p.name)).toEqual(["mine"]);
  });

  it("names a new passkey after its provider when the AAGUID is known, else after the device", () => {
    expect(defaultPasskeyName("EA9B8D66-4D01-1D21-3CE4-B6B48CB575D4", null)).toBe("Google Password Manager");
    const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36";
    expect(defaultPasskeyName("00000000-0000-0000-0000-000000000000", chrome)).toBe("Passkey on Chrome 150 on Linux");
    expect(defaultPasskeyName("00000000-0000-0000-0000-000000000000", null)).toBe("Passkey");
  });
});

import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { prepareRegistration, verifyCredentials } from "./auth";
import { getDb } from "./db";
import { readOutbox } from "./mail";
import { hashPassword } from "./password";
import { confirmRegistration, mailRegistration, purgeExpiredPendingRegistrations } from "./pending-registration";
import { client, makeUser, readRows, uniqueEmail } from "./test-helpers";

const password = "a perfectly long passphrase";
const tokensTo = (email: string) =>
  readOutbox()
    .filter((m) => m.to === email)
    .map((m) => /register\/confirm\?token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1])
    .filter((token): token is string => !!token);

describe("verify-first registration", () => {
  it("creates the account, its address confirmed, only when the mailed link is followed, once", async () => {
    const email = uniqueEmail("pending");
    await mailRegistration(await prepareRegistration({ email: email.toUpperCase(), password, name: "Pat" }, client), client);
    const db = await getDb();
    expect(await readRows("User", { email })).toHaveLength(0);
    const [token] = tokensTo(email);
    // Only the hash of the token is stored.
    expect(JSON.stringify(await db.pendingRegistration.findMany({ where: { email } }))).not.toContain(token);

    const user = await confirmRegistration({ token: token! }, client);
    expect(user).toMatchObject({ email, name: "Pat", emailVerifiedAt: expect.any(Date) });
    expect((await verifyCredentials({ email, password }, client)).id).toBe(user.id);
    await expect(confirmRegistration({ token: token! }, client)).rejects.toMatchObject({ code: "invalid_token", status: 400 });
  });

  it("tells a taken address's owner instead, and leaves the account as it was", async () => {
    const owner = await makeUser(password);
    await mailRegistration(await prepareRegistration({ email: owner.email, password: "another long passphrase here" }, client), client);
    const mail = readOutbox().find((m) => m.to === owner.email)!;
    expect(mail.subject).toMatch(/already have/);
    expect(mail.text).toContain("/forgot-password");
    expect(tokensTo(owner.email)).toEqual([]);
    const db = await getDb();
    expect(await db.pendingRegistration.count({ where: { email: owner.email } })).toBe(0);
    expect((await verifyCredentials({ email: owner.email, password }, client)).id).toBe(owner.id);
  });

  it("replaces an earlier pending registration of the address", async () => {
    const email = uniqueEmail("again");
    await mailRegistration(await prepareRegistration({ email, password, name: "First" }, client), client);
    const [first] = tokensTo(email);
    await mailRegistration(await prepareRegistration({ email, password, name: "Second" }, client), client);
    const second = tokensTo(email).find((token) => token !== first);
    await expect(confirmRegistration({ token: first! }, client)).rejects.toMatchObject({ code: "invalid_token" });
    expect((await confirmRegistration({ token: second! }, client)).name).toBe("Second");
  });

  it("lets one of two live links for an address create the account; the other gets invalid_token", async () => {
    const email = uniqueEmail("two-links");
    const db = await getDb();
    const tokens = ["a", "b"].map(() => crypto.randomBytes(32).toString("base64url"));
    const passwordHash = await hashPassword(password);
    for (const token of tokens) {
      const id = crypto.createHash("sha256").update(token).digest("hex");
      await db.pendingRegistration.create({ data: { id, email, name: "Racer", passwordHash, expiresAt: new Date(Date.now() + 60_000) } });
    }
    const results = await Promise.allSettled(tokens.map((token) => confirmRegistration({ token }, client)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "invalid_token" } });
    expect(await readRows("User", { email })).toHaveLength(1);
    expect(await db.pendingRegistration.count({ where: { email } })).toBe(0);
  });

  it("refuses a lapsed link, and the purge deletes it", async () => {
    const email = uniqueEmail("lapsed");
    await mailRegistration(await prepareRegistration({ email, password }, client), client);
    const db = await getDb();
    await db.pendingRegistration.updateMany({ where: { email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(confirmRegistration({ token: tokensTo(email)[0]! }, client)).rejects.toMatchObject({ code: "invalid_token" });
    expect(await purgeExpiredPendingRegistrations()).toBeGreaterThanOrEqual(1);
    expect(await db.pendingRegistration.count({ where: { email } })).toBe(0);
  });
});

import { describe, expect, it } from "vitest";
import { changePassword, registerAccount, registerInput, verifyCredentials } from "./auth";
import { readOutbox } from "./mail";
import { client, readRow, readRows, uniqueEmail } from "./test-helpers";
import { normalizeEmail } from "./user";

const password = "a perfectly long passphrase";

describe("registerAccount", () => {
  it("stores the email trimmed and lower-cased, with a bcrypt hash and no plain password", async () => {
    const email = uniqueEmail("Mixed.Case");
    const user = await registerAccount({ email: `  ${email.toUpperCase()} `, password, name: "Ada" }, client);
    expect(user.email).toBe(email.toLowerCase());
    expect(user).not.toHaveProperty("passwordHash");
    const row = (await readRow("User", user.id))!;
    expect(row.passwordHash).toMatch(/^\$2b\$/);
    expect(JSON.stringify(row)).not.toContain(password);
    expect(row.role).toBe("user");
  });

  it("names the user after the email when no name is given", async () => {
    const email = uniqueEmail("grace");
    const user = await registerAccount({ email, password }, client);
    expect(user.name).toBe(email.split("@")[0]);
  });

  it("refuses a second account for the same address, however it is spelled", async () => {
    const email = uniqueEmail();
    await registerAccount({ email, password }, client);
    await expect(registerAccount({ email: email.toUpperCase(), password }, client)).rejects.toMatchObject({
      code: "email_taken",
      status: 409,
    });
  });

  it("creates exactly one account from parallel registrations of one email", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => registerAccount({ email, password }, client)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "email_taken" });
    expect(await readRows("User", { email: normalizeEmail(email) })).toHaveLength(1);
  });

  it("applies the password policy and says why", async () => {
    await expect(registerAccount({ email: uniqueEmail(), password: "too short" }, client)).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { password: [expect.stringMatching(/at least 15/)] },
    });
  });

  it("validates its input: strings only, a real email", () => {
    expect(registerInput.safeParse({ email: { contains: "" }, password }).success).toBe(false);
    expect(registerInput.safeParse({ email: ["a@b.co"], password }).success).toBe(false);
    expect(registerInput.safeParse({ email: "not-an-email", password }).success).toBe(false);
    expect(registerInput.safeParse({ email: "a@b.co", password: 12345678901234567 }).success).toBe(false);
    expect(registerInput.safeParse({ email: "a@b.co", password: "x".repeat(1025) }).success).toBe(false);
  });
});

describe("verifyCredentials", () => {
  it("returns the user for the right password", async () => {
    const email = uniqueEmail();
    const registered = await registerAccount({ email, password }, client);
    const user = await verifyCredentials({ email: email.toUpperCase(), password }, client);
    expect(user.id).toBe(registered.id);
  });

  it("gives the same error for an unknown email and a wrong password", async () => {
    const email = uniqueEmail();
    await registerAccount({ email, password }, client);
    const wrongPassword = await verifyCredentials({ email, password: "not the password at all" }, client).catch((e) => e);
    const unknownEmail = await verifyCredentials({ email: uniqueEmail(), password }, client).catch((e) => e);
    expect(wrongPassword).toMatchObject({ code: "invalid_credentials", status: 401 });
    expect(unknownEmail).toMatchObject({ code: wrongPassword.code, status: wrongPassword.status, message: wrongPassword.message });
  });

  it("records the failure for an existing account", async () => {
    const email = uniqueEmail();
    const user = await registerAccount({ email, password }, client);
    await verifyCredentials({ email, password: "wrong wrong wrong wrong" }, client).catch(() => {});
    const events = await readRows("SecurityEvent", { userId: user.id });
    expect(events.map((e) => e.type)).toEqual(["registered", "login_failed"]);
    expect(events[1]).toMatchObject({ ipAddress: client.ipAddress, userAgent: client.userAgent });
  });
});

describe("changePassword", () => {
  it("needs the current password, and tells the account's address", async () => {
    const user = await registerAccount({ email: uniqueEmail(), password }, client);
    const newPassword = "another perfectly long passphrase";
    await expect(changePassword(user.id, { currentPassword: "not it at all, really", newPassword }, client)).rejects.toMatchObject({
      code: "invalid_input",
    });
    await changePassword(user.id, { currentPassword: password, newPassword }, client);
    expect((await verifyCredentials({ email: user.email, password: newPassword }, client)).id).toBe(user.id);
    expect(readOutbox().find((m) => m.to === user.email)?.subject).toMatch(/your password was changed$/);
  });
});

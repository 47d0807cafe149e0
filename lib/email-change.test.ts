import { describe, expect, it } from "vitest";
import { verifyCredentials } from "./auth";
import { getDb } from "./db";
import { confirmEmailChange, requestEmailChange } from "./email-change";
import { readOutbox } from "./mail";
import { mailPasswordReset } from "./password-reset";
import { readOptionalDate } from "./plain-sql";
import { client, makeUser, readRow, setUserColumns, uniqueEmail } from "./test-helpers";

const password = "a perfectly long passphrase";
const tokenIn = (email: string, page: string) => {
  const mail = readOutbox().find((m) => m.to === email && m.text.includes(`/${page}?token=`));
  return mail ? new RegExp(`${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text)![1]! : null;
};

describe("email change", () => {
  it("moves the account only when the link sent to the new address is followed, and tells the old one", async () => {
    const user = await makeUser(password);
    const newEmail = uniqueEmail("moved");
    await requestEmailChange(user, { newEmail: newEmail.toUpperCase(), password }, client);
    expect(readOutbox().find((m) => m.to === user.email)?.subject).toMatch(/about to change/);
    expect((await readRow("User", user.id))!.email).toBe(user.email);

    const token = tokenIn(newEmail, "change-email")!;
    await confirmEmailChange({ token }, client);
    const moved = (await readRow("User", user.id))!;
    expect(moved.email).toBe(newEmail);
    expect(readOptionalDate(moved.emailVerifiedAt)).toBeInstanceOf(Date);
    expect(readOutbox().find((m) => m.to === user.email)?.subject).toMatch(/was changed/);
    expect((await verifyCredentials({ email: newEmail, password }, client)).id).toBe(user.id);
    await expect(verifyCredentials({ email: user.email, password }, client)).rejects.toMatchObject({ code: "invalid_credentials" });
    await expect(confirmEmailChange({ token }, client)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("needs the password, a different address, and one nobody uses", async () => {
    const user = await makeUser(password);
    const other = await makeUser(password);
    await expect(requestEmailChange(user, { newEmail: uniqueEmail(), password: "not the password at all" }, client)).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { password: ["The password is incorrect."] },
    });
    await expect(requestEmailChange(user, { newEmail: user.email, password }, client)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(requestEmailChange(user, { newEmail: other.email, password }, client)).rejects.toMatchObject({
      code: "email_taken",
      fieldErrors: { newEmail: [expect.any(String)] },
    });
  });

  it("voids links sent to the old address", async () => {
    const user = await makeUser(password);
    await mailPasswordReset(user.email, client);
    const newEmail = uniqueEmail("moved");
    await requestEmailChange(user, { newEmail, password }, client);
    await confirmEmailChange({ token: tokenIn(newEmail, "change-email")! }, client);
    const db = await getDb();
    expect(await db.accountToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses the change if the address was taken meanwhile", async () => {
    const user = await makeUser(password);
    const newEmail = uniqueEmail("contested");
    await requestEmailChange(user, { newEmail, password }, client);
    await makeUser(password).then((squatter) => setUserColumns(squatter.id, { email: newEmail }));
    await expect(confirmEmailChange({ token: tokenIn(newEmail, "change-email")! }, client)).rejects.toMatchObject({ code: "email_taken" });
    expect((await readRow("User", user.id))!.email).toBe(user.email);
  });
});

import { describe, expect, it } from "vitest";
import { confirmEmailVerification, mailEmailVerification } from "./email-verification";
import { readOutbox } from "./mail";
import { mailPasswordReset } from "./password-reset";
import { readOptionalDate } from "./plain-sql";
import { client, makeUser, readRow, readRows } from "./test-helpers";

const tokenIn = (email: string, page: string) => {
  const mail = readOutbox().find((m) => m.to === email && m.text.includes(`/${page}?token=`));
  return mail ? new RegExp(`${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail.text)![1]! : null;
};

describe("email verification", () => {
  it("mails a single-use link that confirms the address", async () => {
    const user = await makeUser();
    expect(user.emailVerifiedAt).toBeNull();
    await mailEmailVerification(user, client);
    const token = tokenIn(user.email, "verify-email")!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await confirmEmailVerification({ token }, client);
    expect(readOptionalDate((await readRow("User", user.id))!.emailVerifiedAt)).toBeInstanceOf(Date);
    await expect(confirmEmailVerification({ token }, client)).rejects.toMatchObject({ code: "invalid_token" });
    const events = await readRows("SecurityEvent", { userId: user.id });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["email_verification_sent", "email_verified"]));
  });

  it("accepts only its own kind of link", async () => {
    const user = await makeUser();
    await mailPasswordReset(user.email, client);
    const resetToken = tokenIn(user.email, "reset-password")!;
    await expect(confirmEmailVerification({ token: resetToken }, client)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("sends at most three links an hour, and none to a confirmed address", async () => {
    const user = await makeUser();
    for (let i = 0; i < 3; i++) await mailEmailVerification(user, client);
    await expect(mailEmailVerification(user, client)).rejects.toMatchObject({ code: "rate_limited", status: 429 });
    const sent = readOutbox().filter((m) => m.to === user.email).length;
    await mailEmailVerification({ ...user, emailVerifiedAt: new Date() }, client);
    expect(readOutbox().filter((m) => m.to === user.email)).toHaveLength(sent);
  });
});

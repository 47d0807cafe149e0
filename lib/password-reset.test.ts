import { afterEach, describe, expect, it, vi } from "vitest";
import { verifyCredentials } from "./auth";
import { getDb } from "./db";
import { readOutbox } from "./mail";
import { confirmPasswordReset, mailPasswordReset } from "./password-reset";
import { recordLoginFailure } from "./rate-limit";
import { validateSessionToken } from "./session";
import { client, createTestSession, makeUser, readRows, setUserColumns, uniqueEmail } from "./test-helpers";

// Mail goes to the outbox here (NODE_ENV=test, no SMTP_URL); the e2e suite uses a real SMTP server.

const oldPassword = "a perfectly long passphrase";
const newPassword = "an entirely different long passphrase";

afterEach(() => {
  vi.useRealTimers();
});

function linkTokenFor(email: string): string | null {
  const mail = readOutbox().find((m) => m.to === email);
  const match = mail && /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  return match?.[1] ?? null;
}

describe("password reset", () => {
  it("mails nothing for an unknown address", async () => {
    const email = uniqueEmail("nobody");
    await mailPasswordReset(email, client);
    expect(linkTokenFor(email)).toBeNull();
  });

  it("mails a single-use link, stores only its hash, sets the password and ends every session", async () => {
    const user = await makeUser(oldPassword);
    const { token: sessionToken } = await createTestSession(user.id, true);
    await mailPasswordReset(user.email.toUpperCase(), client);
    const token = linkTokenFor(user.email)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const mail = readOutbox().find((m) => m.to === user.email)!;
    expect(mail.html).toContain(`reset-password?token=${token}`);
    const db = await getDb();
    const rows = await db.accountToken.findMany({ where: { userId: user.id, purpose: "password_reset" } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);

    await confirmPasswordReset({ token, newPassword }, client);
    expect(await validateSessionToken(sessionToken, { renew: false })).toBeNull();
    await expect(verifyCredentials({ email: user.email, password: oldPassword }, client)).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    expect((await verifyCredentials({ email: user.email, password: newPassword }, client)).id).toBe(user.id);
    expect(readOutbox().find((m) => m.to === user.email)?.subject).toMatch(/your password was reset$/);
    await expect(confirmPasswordReset({ token, newPassword: `${newPassword} again` }, client)).rejects.toMatchObject({
      code: "invalid_token",
      status: 400,
    });
    const events = await readRows("SecurityEvent", { userId: user.id });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["password_reset_requested", "password_reset"]));
  });

  it("refuses an expired link, and an older link once a newer one was sent", async () => {
    const user = await makeUser(oldPassword);
    await mailPasswordReset(user.email, client);
    const first = linkTokenFor(user.email)!;
    await new Promise((resolve) => setTimeout(resolve, 5)); // outbox files sort by time
    await mailPasswordReset(user.email, client);
    const second = linkTokenFor(user.email)!;
    expect(second).not.toBe(first);
    await expect(confirmPasswordReset({ token: first, newPassword }, client)).rejects.toMatchObject({ code: "invalid_token" });

    vi.useFakeTimers({ now: Date.now() + 3601 * 1000, toFake: ["Date"] });
    await expect(confirmPasswordReset({ token: second, newPassword }, client)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("sends a disabled account no link, and refuses a link once its account is disabled", async () => {
    const disabled = await makeUser(oldPassword);
    await setUserColumns(disabled.id, { disabledAt: new Date() });
    await mailPasswordReset(disabled.email, client);
    expect(linkTokenFor(disabled.email)).toBeNull();

    const user = await makeUser(oldPassword);
    await mailPasswordReset(user.email, client);
    const token = linkTokenFor(user.email)!;
    await setUserColumns(user.id, { disabledAt: new Date() });
    await expect(confirmPasswordReset({ token, newPassword }, client)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("lifts the sign-in delay that failed attempts put on the account", async () => {
    const user = await makeUser(oldPassword);
    // Five free failures (the default), then each further one makes the next attempt wait.
    for (let i = 0; i < 6; i++) await recordLoginFailure(user.email);
    await expect(verifyCredentials({ email: user.email, password: oldPassword }, client)).rejects.toMatchObject({ code: "rate_limited" });
    await mailPasswordReset(user.email, client);
    await confirmPasswordReset({ token: linkTokenFor(user.email)!, newPassword }, client);
    expect((await verifyCredentials({ email: user.email, password: newPassword }, client)).id).toBe(user.id);
  });

  it("applies the password policy, and a refused password leaves the link usable", async () => {
    const user = await makeUser(oldPassword);
    await mailPasswordReset(user.email, client);
    const token = linkTokenFor(user.email)!;
    await expect(confirmPasswordReset({ token, newPassword: "short" }, client)).rejects.toMatchObject({ code: "invalid_input" });
    await confirmPasswordReset({ token, newPassword }, client);
  });
});

import { getConfig } from "./config";
import { log } from "./log";
import { composeMail, MailNotConfiguredError, sendMail } from "./mail";
import { type ClientInfo, recordSecurityEvent, type SecurityEventType } from "./security-events";

// Mail to the account's address after a change to how it signs in (ASVS 6.3.7):
// if the owner did not make it, this is how they find out.

/** What a notice says: its subject and what happened, in one sentence. */
export type AccountNotice = { subject: string; text: string };

export async function sendAccountNotice(to: string, { subject, text }: AccountNotice): Promise<void> {
  const { appOrigin, appName } = getConfig();
  const mail = composeMail(
    to,
    `${appName}: ${subject}`,
    [text, "If this was not you, sign in, change your password and end your other sessions at once."],
    { label: "Review your account's security", url: `${appOrigin}/account/security` },
  );
  // The change is made: a mail server that refuses the notice must not undo or hide it.
  await sendMail(mail).catch((error: unknown) => {
    if (!(error instanceof MailNotConfiguredError)) log.error("account notice failed", { subject, error: String(error) });
  });
}

/**
 * A change to how an account signs in, once it is made: the event in the account's history,
 * then the notice to its address.
 */
export async function reportAccountChange(
  type: SecurityEventType,
  user: { id: string; email: string },
  client: ClientInfo,
  notice: AccountNotice,
  extra: { actorId?: string; detail?: string } = {},
): Promise<void> {
  await recordSecurityEvent(type, user.id, client, extra);
  await sendAccountNotice(user.email, notice);
}

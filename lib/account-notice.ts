import { getConfig } from "./config";
import { log } from "./log";
import { composeMail, MailNotConfiguredError, sendMail } from "./mail";

// Mail to the account's address after a change to how it signs in (ASVS 6.3.7):
// if the owner did not make it, this is how they find out.

export async function sendAccountNotice(to: string, subject: string, whatHappened: string): Promise<void> {
  const { appOrigin, appName } = getConfig();
  const mail = composeMail(
    to,
    `${appName}: ${subject}`,
    [whatHappened, "If this was not you, sign in, change your password and end your other sessions at once."],
    { label: "Review your account's security", url: `${appOrigin}/account/security` },
  );
  // The change is made: a mail server that refuses the notice must not undo or hide it.
  await sendMail(mail).catch((error: unknown) => {
    if (!(error instanceof MailNotConfiguredError)) log.error("account notice failed", { subject, error: String(error) });
  });
}

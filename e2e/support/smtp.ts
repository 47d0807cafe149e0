import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { startServer, type TestServer } from "./server";

// A real SMTP server in the test process (smtp-server), keeping what it receives.

export type Inbox = {
  url: string;
  mails: ParsedMail[];
  /** The newest mail to `to` whose subject matches, waiting for it a few seconds. */
  waitForMail(to: string, subject: RegExp, timeoutMs?: number): Promise<ParsedMail>;
  mailsTo(to: string, subject: RegExp): ParsedMail[];
  close(): Promise<void>;
};

/** `acceptAfterMs`: how long the server holds each mail before it accepts it, as a slow mail server does. */
export async function startInbox({ acceptAfterMs = 0 } = {}): Promise<Inbox> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          await new Promise((resolve) => setTimeout(resolve, acceptAfterMs));
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  // A client that drops its connection (an app server stopped while a mail sent after its
  // response was under way) is not the running test's failure; mails a test needs it waits for.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const mailsTo = (to: string, subject: RegExp) =>
    mails.filter(
      (mail) =>
        JSON.stringify(mail.to ?? "")
          .toLowerCase()
          .includes(to.toLowerCase()) && subject.test(mail.subject ?? ""),
    );
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo,
    async waitForMail(to, subject, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = mailsTo(to, subject).at(-1);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A test server (with `extraEnv`) whose mail goes to an inbox of the test's own. */
export async function startServerWithInbox(
  extraEnv: Record<string, string> = {},
): Promise<{ server: TestServer; inbox: Inbox; stop(): Promise<void> }> {
  const inbox = await startInbox();
  const server = await startServer({ SMTP_URL: inbox.url, ...extraEnv });
  return {
    server,
    inbox,
    async stop() {
      await server.stop();
      await inbox.close();
    },
  };
}

/** The reset token in a password reset mail's link. */
export function resetTokenIn(mail: ParsedMail): string {
  const match = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? "");
  if (!match) throw new Error(`no reset link in: ${mail.text}`);
  return match[1]!;
}

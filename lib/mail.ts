import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { getConfig } from "./config";
import { AppError } from "./errors";
import { log } from "./log";
import { onShutdown } from "./shutdown";

// Outgoing mail. With SMTP_URL, through that server (nodemailer). Without it,
// outside production, into an outbox folder that /dev/mailbox shows, and the log.

export type Mail = { to: string; subject: string; text: string; html: string };
export type OutboxMail = Mail & { id: string; from: string; sentAt: string };

/** Production without SMTP_URL: said loudly once in the log, then by this error to each caller. */
export class MailNotConfiguredError extends AppError {
  constructor() {
    super("service_unavailable", 503, "Email cannot be sent at the moment. Please try again later.");
  }
}

const shared = globalThis as unknown as { mailTransport?: Transporter; mailUnconfiguredLogged?: boolean };

function transport(smtpUrl: string): Transporter {
  if (!shared.mailTransport) {
    const created = nodemailer.createTransport(smtpUrl);
    onShutdown("mail", () => created.close());
    shared.mailTransport = created;
  }
  return shared.mailTransport;
}

const outboxDir = () => path.join(getConfig().dataDir, "mailbox");

export async function sendMail(mail: Mail): Promise<void> {
  const { smtpUrl, mailFrom, production } = getConfig();
  if (smtpUrl) {
    await transport(smtpUrl).sendMail({ from: mailFrom, ...mail });
    return;
  }
  if (production) {
    if (!shared.mailUnconfiguredLogged) log.error("SMTP_URL is not set: no mail is sent (verification and reset links)");
    shared.mailUnconfiguredLogged = true;
    throw new MailNotConfiguredError();
  }
  const sentAt = new Date().toISOString();
  const id = `${sentAt.replace(/[:.]/g, "-")}-${crypto.randomBytes(4).toString("hex")}`;
  fs.mkdirSync(outboxDir(), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(outboxDir(), `${id}.json`), JSON.stringify({ id, from: mailFrom, sentAt, ...mail }), { mode: 0o600 });
  // Development only. Not the text: its link holds a token, and no token goes into a log.
  log.info("mail written to the outbox (see /dev/mailbox)", { to: mail.to, subject: mail.subject });
}

/** The development outbox, newest first. */
export function readOutbox(): OutboxMail[] {
  let files: string[];
  try {
    files = fs.readdirSync(outboxDir()).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  return files
    .sort()
    .reverse()
    .map((name) => JSON.parse(fs.readFileSync(path.join(outboxDir(), name), "utf8")) as OutboxMail);
}

type MailLink = { label: string; url: string };

/** The same words as plain text and simple HTML; `link` is the call to action (or a choice of them), after the first paragraph. */
export function composeMail(to: string, subject: string, paragraphs: string[], link: MailLink | MailLink[]): Mail {
  const escape = (text: string) =>
    text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
  const links = Array.isArray(link) ? link : [link];
  const text = [...paragraphs.slice(0, 1), ...links.map((l) => `${l.label}: ${l.url}`), ...paragraphs.slice(1)].join("\n\n");
  const html = [
    `<p>${escape(paragraphs[0] ?? "")}</p>`,
    ...links.map((l) => `<p><a href="${escape(l.url)}">${escape(l.label)}</a></p>`),
    ...paragraphs.slice(1).map((p) => `<p>${escape(p)}</p>`),
  ].join("\n");
  return { to, subject, text, html };
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getConfig } from "@/lib/config";
import { readOutbox } from "@/lib/mail";

export const metadata: Metadata = { title: "Mailbox (development)" };
export const dynamic = "force-dynamic";

// Development only: the mail the app would have sent, when no SMTP_URL is set.
export default function MailboxPage() {
  if (getConfig().production) notFound();
  const mails = readOutbox();
  return (
    <main>
      <h1>Mailbox</h1>
      <p className="muted">
        Mail written to the outbox because SMTP_URL is not set (development only; this page does not exist in production).
      </p>
      {mails.length === 0 && <p>No mail yet.</p>}
      {mails.map((mail) => (
        <article className="card" key={mail.id} style={{ marginBottom: "1rem" }}>
          <h2>{mail.subject}</h2>
          <p className="muted">
            To {mail.to} · from {mail.from} · {mail.sentAt}
          </p>
          <pre style={{ whiteSpace: "pre-wrap" }}>{mail.text}</pre>
        </article>
      ))}
    </main>
  );
}

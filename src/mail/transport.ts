import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logger.js';

/** One mail as the outbox keeps it until it is delivered. */
export interface OutgoingMail {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /** The link the mail carries, logged when mail goes to the outbox folder. */
  link: string | null;
  createdAt: Date;
}

export interface MailTransport {
  /** Resolves once the mail is accepted (by the SMTP server, or written to the outbox folder). */
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface TransportOptions {
  smtpUrl?: string;
  outboxDir: string;
  from: string;
  logger: Logger;
  /** Longest wait for each SMTP step; a delivery must end well within the outbox's claim on the mail. */
  timeoutMs: number;
}

/** Timeouts added to the SMTP URL unless it names its own (nodemailer's defaults reach an hour). */
function withTimeouts(smtpUrl: string, timeoutMs: number): string {
  const url = new URL(smtpUrl);
  for (const name of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(timeoutMs));
  }
  return url.toString();
}

/** SMTP when a URL is configured; otherwise every mail becomes an .eml file in the outbox folder. */
export function createTransport({ smtpUrl, outboxDir, from, logger, timeoutMs }: TransportOptions): MailTransport {
  const transport: Transporter = smtpUrl
    ? nodemailer.createTransport(withTimeouts(smtpUrl, timeoutMs))
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async deliver(mail) {
      // nodemailer types the answer loosely; the stream transport fills `message` with the whole mail.
      const info = (await transport.sendMail({
        from,
        to: mail.recipient,
        // The outbox may deliver a mail again after a crash; the same Message-ID lets a mail server drop the copy.
        messageId: `<${mail.id}@konekt>`,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      })) as { message?: Buffer };
      if (smtpUrl) {
        logger.info(`mail "${mail.subject}" sent to ${mail.recipient}`);
        return;
      }
      await mkdir(outboxDir, { recursive: true });
      const stamp = mail.createdAt.toISOString().replace(/[:.]/g, '-');
      // Named by the mail's id: writing it again after a crash replaces the file instead of adding one.
      const file = path.join(outboxDir, `${stamp}-${mail.id}-${mail.recipient.replace(/[^a-z0-9.@_-]/gi, '_')}.eml`);
      await writeFile(file, info.message as Buffer);
      logger.info(
        `mail "${mail.subject}" to ${mail.recipient} written to ${file}${mail.link ? `; link: ${mail.link}` : ''}`,
      );
    },
    close() {
      transport.close();
    },
  };
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from '../logger.js';
import type { MailContent } from './templates.js';

export interface Mailer {
  send(to: string, content: MailContent): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl?: string;
  outboxDir: string;
  from: string;
  logger: Logger;
}

/** SMTP when a URL is configured; otherwise every mail becomes an .eml file in the outbox. */
export function createMailer({ smtpUrl, outboxDir, from, logger }: MailerOptions): Mailer {
  const transport: Transporter = smtpUrl
    ? nodemailer.createTransport(smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let sequence = 0;
  return {
    async send(to, content) {
      const info = await transport.sendMail({
        from,
        to,
        subject: content.subject,
        text: content.text,
        html: content.html,
      });
      if (smtpUrl) {
        logger.info(`mail "${content.subject}" sent to ${to}`);
        return;
      }
      await mkdir(outboxDir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(outboxDir, `${stamp}-${++sequence}-${to.replace(/[^a-z0-9.@_-]/gi, '_')}.eml`);
      await writeFile(file, info.message as Buffer);
      logger.info(
        `mail "${content.subject}" to ${to} written to ${file}${content.link ? `; link: ${content.link}` : ''}`,
      );
    },
    close() {
      transport.close();
    },
  };
}

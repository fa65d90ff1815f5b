import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Every http(s) link in the text part. */
  links: string[];
}

/**
 * A real SMTP server that keeps every mail it receives, on a random port or on `port` (to bring a
 * mail server back where a stopped one was).
 */
export async function startSmtpCapture(port = 0) {
  const mails: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  /** Recipients the server answers "try again later" (451), as a mail server having trouble does. */
  const refused = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address.toLowerCase())) return callback();
      callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const text = parsed.text ?? '';
          for (const rcpt of session.envelope.rcptTo) {
            mails.push({
              to: rcpt.address.toLowerCase(),
              subject: parsed.subject ?? '',
              text,
              html: typeof parsed.html === 'string' ? parsed.html : '',
              links: text.match(/https?:\/\/\S+/g) ?? [],
            });
          }
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const listening = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${listening}`,
    port: listening,
    mails,
    refused,
    mailsTo(address: string) {
      return mails.filter((mail) => mail.to === address.toLowerCase());
    },
    /** Resolves with the first mail to `address` (after `skip` earlier ones) matching `subject`. */
    async waitFor(address: string, subject?: RegExp, timeoutMs = 10_000): Promise<CapturedMail> {
      const find = () => mails.find((m) => m.to === address.toLowerCase() && (!subject || subject.test(m.subject)));
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = find();
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no mail to ${address}${subject ? ` matching ${subject}` : ''} arrived`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, left);
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
    },
    /** Takes the matching mail out, so the next waitFor finds a newer one. */
    async take(address: string, subject?: RegExp): Promise<CapturedMail> {
      const mail = await this.waitFor(address, subject);
      mails.splice(mails.indexOf(mail), 1);
      return mail;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpCapture = Awaited<ReturnType<typeof startSmtpCapture>>;

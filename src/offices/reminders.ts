import type { Context, Services } from '../context.js';
import { ConfigurationStateError, ValidationError } from '../errors.js';
import type { Account, ConnectConfiguration } from '../generated/prisma/client.js';
import { langOf } from '../accounts/links.js';
import { queueMail, transactionWithMail } from '../mail/outbox.js';
import { mails, type MailContent } from '../mail/templates.js';
import { inbox } from './inbox.js';

export const REMINDER_HOURS = { min: 1, max: 720 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** How long a document may wait before the office is reminded of it; null switches the digest off (the default). */
export async function setOfficeReminders(ctx: Context, configuration: ConnectConfiguration, hours: number | null) {
  if (configuration.path !== 'OFFICE') throw new ValidationError('configurationId', (m) => m.offices.notAnOffice);
  const { min, max } = REMINDER_HOURS;
  if (hours !== null && (!Number.isInteger(hours) || hours < min || hours > max)) {
    throw new ValidationError('reminderAfterHours', (m) => m.offices.reminderAfterHours(min, max));
  }
  if (configuration.status !== 'ACTIVE') throw new ConfigurationStateError(configuration.status);
  return ctx.db.connectConfiguration.update({
    where: { id: configuration.id },
    data: { reminderAfterHours: hours },
  });
}

/**
 * The digest an office is due now, or null when none of its clients has waited long enough.
 */
export async function digestFor(
  services: Pick<Services, 'db'>,
  office: { reminderAfterHours: number; exchangeAccount: Pick<Account, 'id' | 'email' | 'locale'> },
  now: Date,
): Promise<{ to: string; content: MailContent } | null> {
  const overdue = (await inbox(services.db, office.exchangeAccount.id, now, office.reminderAfterHours)).filter(
    (entry) => entry.overdue,
  );
  if (overdue.length === 0) return null;
  const clients = overdue.map((entry) => ({
    name: entry.company.name,
    nip: entry.company.nip,
    waiting: entry.waiting,
    waitingSince: entry.waitingSince!,
  }));
  return {
    to: office.exchangeAccount.email,
    content: mails.officeDigest(langOf(office.exchangeAccount.locale), office.reminderAfterHours, clients),
  };
}

/**
 * Mails each office with reminders on a digest of the clients whose documents have waited too
 * long: at most one a day per office, also with several servers, because the day is claimed in
 * the transaction that queues the mail. Returns how many digests were queued.
 */
export async function sendDueDigests(services: Services): Promise<number> {
  const now = services.now();
  const offices = await services.db.connectConfiguration.findMany({
    where: {
      path: 'OFFICE',
      status: 'ACTIVE',
      reminderAfterHours: { not: null },
      exchangeAccount: { status: 'ACTIVE' },
      OR: [{ lastReminderAt: null }, { lastReminderAt: { lte: new Date(now.getTime() - DAY_MS) } }],
    },
    include: { exchangeAccount: true },
  });
  let sent = 0;
  for (const office of offices) {
    const digest = await digestFor(
      services,
      { reminderAfterHours: office.reminderAfterHours!, exchangeAccount: office.exchangeAccount! },
      now,
    );
    if (!digest) continue;
    const queued = await transactionWithMail(services, async (tx) => {
      const claimed = await tx.connectConfiguration.updateMany({
        where: { id: office.id, lastReminderAt: office.lastReminderAt },
        data: { lastReminderAt: now },
      });
      if (claimed.count !== 1) return false;
      await queueMail(tx, now, digest.to, digest.content);
      return true;
    });
    if (queued) sent += 1;
  }
  return sent;
}

/** Looks for due digests every `everyMs`; the returned function stops it, waiting for a round in progress. */
export function startReminders(services: Services, everyMs: number): () => Promise<void> {
  let round: Promise<void> | undefined;
  const timer = setInterval(() => {
    round ??= sendDueDigests(services)
      .then(
        () => undefined,
        (error: unknown) => services.logger.error('office reminders failed', error),
      )
      .finally(() => (round = undefined));
  }, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await round;
  };
}

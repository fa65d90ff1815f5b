import type { Services } from '../context.js';
import type { Db, Prisma } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { MailContent } from './templates.js';
import type { MailTransport, OutgoingMail } from './transport.js';

export interface OutboxSettings {
  /** Attempts before a mail is given up (FAILED). */
  maxAttempts: number;
  /** Wait before the second attempt; each further wait doubles, up to retryMaxDelayMs. */
  retryDelayMs: number;
  retryMaxDelayMs: number;
  /** How often a server looks for due mails besides right after its own commits. */
  pollIntervalMs: number;
  /** How long a server holds a mail it is delivering before another may take it (a crash mid-delivery). */
  claimMs: number;
}

/** What the metrics can read: the queue (shared by every server) and this server's counters. */
export interface OutboxMetrics {
  /** Mails waiting for delivery or for their next attempt. */
  pending: number;
  /** Mails given up after their last attempt. */
  failed: number;
  /** Age of the oldest waiting mail, in seconds; null when none waits. */
  oldestPendingSeconds: number | null;
  delivered: number;
  failedAttempts: number;
  givenUp: number;
}

const BATCH = 10;
/** The shortest pause between two looks, so mails due in the past (clocks apart) cannot spin the loop. */
const MIN_PAUSE_MS = 20;
const QUOTA_PRUNE_INTERVAL_MS = 10 * 60_000;

/** A timestamp parameter read the same way whatever the session's time zone (columns hold UTC). */
const at = (date: Date) => date.toISOString();

/**
 * Writes a mail in the caller's transaction, so it exists exactly when the change that causes it
 * does; the sender delivers it after the commit. Returns the mail's id.
 */
export async function queueMail(tx: Prisma.TransactionClient, now: Date, to: string, content: MailContent) {
  const { id } = await tx.outboxMail.create({
    data: {
      recipient: to,
      subject: content.subject,
      text: content.text,
      html: content.html,
      link: content.link ?? null,
      createdAt: now,
      nextAttemptAt: now,
    },
    select: { id: true },
  });
  return id;
}

/** Runs one transaction that may queue mails, and has them sent as soon as it commits. */
export async function transactionWithMail<T>(
  services: Pick<Services, 'db' | 'outbox'>,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  const result = await services.db.$transaction(work);
  services.outbox.wake();
  return result;
}

type ClaimedMail = OutgoingMail & { attempts: number };

/**
 * Delivers queued mails with retries and exponential back-off. Any number of servers may run one
 * on the same database: each claims due mails with FOR UPDATE SKIP LOCKED and a time-limited claim,
 * so a mail goes to one server at a time, and a server that dies mid-delivery leaves it to the
 * others once the claim runs out.
 */
export class MailOutbox {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private wokenWhileRunning = false;
  private stopped = true;
  private quotaPrunedAt = 0;
  private readonly counters = { delivered: 0, failedAttempts: 0, givenUp: 0 };

  constructor(
    private readonly deps: {
      db: Db;
      transport: MailTransport;
      logger: Logger;
      now: () => Date;
      settings: OutboxSettings;
    },
  ) {}

  start() {
    this.stopped = false;
    this.wake();
  }

  /** Looks for due mails at once (after a commit that queued one) instead of at the next poll. */
  wake() {
    if (this.stopped) return;
    if (this.running) {
      this.wokenWhileRunning = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain().then((pause) => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.wokenWhileRunning) {
        this.wokenWhileRunning = false;
        this.wake();
        return;
      }
      this.timer = setTimeout(() => this.wake(), pause);
      this.timer.unref();
    });
  }

  /** Stops taking mails; a delivery under way finishes, mails claimed but not begun are handed back. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  async metrics(): Promise<OutboxMetrics> {
    const { db, now } = this.deps;
    const [pending, failed, oldest] = await Promise.all([
      db.outboxMail.count({ where: { status: 'PENDING' } }),
      db.outboxMail.count({ where: { status: 'FAILED' } }),
      db.outboxMail.findFirst({
        where: { status: 'PENDING' },
        orderBy: { createdAt: 'asc' },
        select: { createdAt: true },
      }),
    ]);
    return {
      pending,
      failed,
      oldestPendingSeconds: oldest ? Math.max(0, (now().getTime() - oldest.createdAt.getTime()) / 1000) : null,
      ...this.counters,
    };
  }

  /** Delivers every mail due now; resolves with how long to wait before looking again. */
  private async drain(): Promise<number> {
    const { pollIntervalMs } = this.deps.settings;
    try {
      await this.pruneQuota();
      for (;;) {
        const batch = await this.claim();
        for (const [index, mail] of batch.entries()) {
          if (this.stopped) {
            await this.handBack(batch.slice(index));
            return pollIntervalMs;
          }
          await this.deliver(mail);
        }
        if (batch.length < BATCH) break;
      }
      // A retry due before the next poll is made on time.
      const next = await this.nextDue();
      if (!next) return pollIntervalMs;
      return Math.min(pollIntervalMs, Math.max(MIN_PAUSE_MS, next.getTime() - this.deps.now().getTime()));
    } catch (error) {
      // The database is unreachable or the mail could not be updated: the next poll tries again.
      this.deps.logger.warn('mail outbox: could not claim or update mails; trying again later', error);
      return pollIntervalMs;
    }
  }

  /** When the earliest waiting mail may be taken: its next attempt, or the end of another server's claim. */
  private async nextDue(): Promise<Date | null> {
    const [row] = await this.deps.db.$queryRaw<{ due: Date | null }[]>`
      SELECT min(greatest("nextAttemptAt", coalesce("claimedUntil", "nextAttemptAt"))) AS due
      FROM "OutboxMail" WHERE status = 'PENDING'`;
    return row?.due ?? null;
  }

  private async claim(): Promise<ClaimedMail[]> {
    const now = this.deps.now();
    const until = new Date(now.getTime() + this.deps.settings.claimMs);
    return this.deps.db.$queryRaw<ClaimedMail[]>`
      UPDATE "OutboxMail" SET "claimedUntil" = (${at(until)}::timestamptz AT TIME ZONE 'UTC'), attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM "OutboxMail"
        WHERE status = 'PENDING'
          AND "nextAttemptAt" <= (${at(now)}::timestamptz AT TIME ZONE 'UTC')
          AND ("claimedUntil" IS NULL OR "claimedUntil" <= (${at(now)}::timestamptz AT TIME ZONE 'UTC'))
        ORDER BY "nextAttemptAt"
        LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED)
      RETURNING id, recipient, subject, text, html, link, attempts, "createdAt"`;
  }

  private async deliver(mail: ClaimedMail) {
    const { db, transport, logger, now } = this.deps;
    try {
      await transport.deliver(mail);
    } catch (error) {
      await this.failed(mail, error);
      return;
    }
    this.counters.delivered += 1;
    // The body goes with the claim: the links in it are secrets, and the mail is not needed again.
    await db.outboxMail.update({
      where: { id: mail.id },
      data: {
        status: 'SENT',
        sentAt: now(),
        claimedUntil: null,
        lastError: null,
        subject: null,
        text: null,
        html: null,
        link: null,
      },
    });
    logger.debug(`mail ${mail.id} delivered on attempt ${mail.attempts}`);
  }

  private async failed(mail: ClaimedMail, error: unknown) {
    const { db, logger, now, settings } = this.deps;
    const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    this.counters.failedAttempts += 1;
    if (mail.attempts >= settings.maxAttempts) {
      this.counters.givenUp += 1;
      await db.outboxMail.update({
        where: { id: mail.id },
        data: {
          status: 'FAILED',
          claimedUntil: null,
          lastError: reason,
          subject: null,
          text: null,
          html: null,
          link: null,
        },
      });
      logger.error(`mail ${mail.id} to ${mail.recipient} failed ${mail.attempts} times and was given up: ${reason}`);
      return;
    }
    const delay = Math.min(settings.retryMaxDelayMs, settings.retryDelayMs * 2 ** (mail.attempts - 1));
    await db.outboxMail.update({
      where: { id: mail.id },
      data: { nextAttemptAt: new Date(now().getTime() + delay), claimedUntil: null, lastError: reason },
    });
    logger.warn(
      `mail ${mail.id} to ${mail.recipient} failed (attempt ${mail.attempts} of ${settings.maxAttempts}); next attempt in ${delay} ms: ${reason}`,
    );
  }

  /** Mails claimed but not begun when the server stops: another server (or the next start) takes them at once. */
  private async handBack(mails: ClaimedMail[]) {
    await this.deps.db.outboxMail.updateMany({
      where: { id: { in: mails.map((mail) => mail.id) } },
      data: { claimedUntil: null, attempts: { decrement: 1 } },
    });
  }

  /** The mail quota's windows that ended are forgotten here, by whichever server runs its outbox. */
  private async pruneQuota() {
    const now = this.deps.now();
    if (now.getTime() - this.quotaPrunedAt < QUOTA_PRUNE_INTERVAL_MS) return;
    this.quotaPrunedAt = now.getTime();
    await this.deps.db.mailQuota.deleteMany({ where: { expiresAt: { lt: now } } });
  }
}

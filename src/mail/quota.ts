import { createHash } from 'node:crypto';
import type { Context } from '../context.js';
import { MailRateLimitError } from '../errors.js';

type QuotaContext = Pick<Context, 'db' | 'now' | 'clientAddress' | 'config'>;

/** Adds one to a counter of the current window, atomically on every server; returns the new count. */
async function count(ctx: QuotaContext, kind: 'recipient' | 'client', value: string, window: number) {
  const key = createHash('sha256').update(`${kind}\u0000${value}\u0000${window}`).digest('hex');
  const expiresAt = new Date((window + 1) * ctx.config.mailLimitWindowMs).toISOString();
  const [row] = await ctx.db.$queryRaw<{ count: number }[]>`
    INSERT INTO "MailQuota" (key, count, "expiresAt")
    VALUES (${key}, 1, (${expiresAt}::timestamptz AT TIME ZONE 'UTC'))
    ON CONFLICT (key) DO UPDATE SET count = "MailQuota".count + 1
    RETURNING count`;
  return Number(row!.count);
}

/**
 * Counts a request that mails `recipients`, against the client's address and against each
 * recipient, in the database so that every server sees the same counts. Counted whether or not
 * the recipient has an account, so a refusal tells nothing about it. Throws MailRateLimitError
 * (nothing else done) once a limit is passed.
 */
export async function takeMailQuota(ctx: QuotaContext, recipients: readonly string[]) {
  const {
    mailLimitPerClient: perClient,
    mailLimitPerRecipient: perRecipient,
    mailLimitWindowMs: windowMs,
  } = ctx.config;
  const now = ctx.now().getTime();
  const window = Math.floor(now / windowMs);
  const retryAfterSeconds = Math.ceil(((window + 1) * windowMs - now) / 1000);
  if (perClient > 0 && (await count(ctx, 'client', ctx.clientAddress, window)) > perClient) {
    throw new MailRateLimitError('CLIENT', retryAfterSeconds);
  }
  if (perRecipient === 0) return;
  for (const recipient of new Set(recipients)) {
    if ((await count(ctx, 'recipient', recipient, window)) > perRecipient) {
      throw new MailRateLimitError('RECIPIENT', retryAfterSeconds);
    }
  }
}

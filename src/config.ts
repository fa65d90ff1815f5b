import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Base of links in e-mails; when unset, http://localhost:<the port actually listened on>. */
  publicUrl?: string;
  dataDir: string;
  /** PostgreSQL server; when absent the embedded PGlite database in `dataDir/db` is used. */
  databaseUrl?: string;
  smtpUrl?: string;
  /** Redis for signals between several Konekt servers sharing one PostgreSQL database. */
  redisUrl?: string;
  mailFrom: string;
  /** Attempts to deliver a mail before it is given up. */
  mailMaxAttempts: number;
  /** Wait before a mail's second attempt; it doubles with each further attempt, up to mailRetryMaxDelayMs. */
  mailRetryDelayMs: number;
  mailRetryMaxDelayMs: number;
  /** How often a server looks for mails due (it looks at once after queuing one itself). */
  mailPollIntervalMs: number;
  /** How long a server holds a mail it delivers; after a crash another takes it when this runs out. */
  mailClaimMs: number;
  /** Mails one address may be sent per window, and mail-causing requests per client address (0: no limit). */
  mailLimitPerRecipient: number;
  mailLimitPerClient: number;
  mailLimitWindowMs: number;
  /** Largest accepted HTTP request body, in bytes. */
  maxBodyBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  const parsed = integer(name, value, fallback);
  if (parsed === 0) throw new Error(`${name} must be greater than 0`);
  return parsed;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** Reads every setting Konekt knows from the environment, once, with defaults. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer('PORT', env.PORT, 4000);
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined,
    dataDir: path.resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Konekt <no-reply@konekt.local>',
    mailMaxAttempts: positive('MAIL_MAX_ATTEMPTS', env.MAIL_MAX_ATTEMPTS, 12),
    mailRetryDelayMs: integer('MAIL_RETRY_DELAY_MS', env.MAIL_RETRY_DELAY_MS, 30_000),
    mailRetryMaxDelayMs: integer('MAIL_RETRY_MAX_DELAY_MS', env.MAIL_RETRY_MAX_DELAY_MS, 60 * 60_000),
    mailPollIntervalMs: positive('MAIL_POLL_INTERVAL_MS', env.MAIL_POLL_INTERVAL_MS, 5_000),
    mailClaimMs: positive('MAIL_CLAIM_MS', env.MAIL_CLAIM_MS, 120_000),
    mailLimitPerRecipient: integer('MAIL_LIMIT_PER_RECIPIENT', env.MAIL_LIMIT_PER_RECIPIENT, 5),
    mailLimitPerClient: integer('MAIL_LIMIT_PER_CLIENT', env.MAIL_LIMIT_PER_CLIENT, 20),
    mailLimitWindowMs: positive('MAIL_LIMIT_WINDOW_MS', env.MAIL_LIMIT_WINDOW_MS, 60 * 60_000),
    maxBodyBytes: integer('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 10 * 1024 * 1024),
    logLevel,
  };
}

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
  /** Largest accepted HTTP request body, in bytes. */
  maxBodyBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** How often offices' reminder digests are looked for (each office gets at most one a day). */
  reminderCheckSeconds: number;
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
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
    maxBodyBytes: integer('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 10 * 1024 * 1024),
    logLevel,
    reminderCheckSeconds: Math.max(1, integer('REMINDER_CHECK_SECONDS', env.REMINDER_CHECK_SECONDS, 300)),
  };
}

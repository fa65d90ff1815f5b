import path from 'node:path';
import { KSEF_QR_HOSTS } from './ksef/verification.js';

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
  /** Host of the KSeF verification links (KOD I): production unless the test or demo environment's is set. */
  ksefQrHost: string;
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
  const ksefQrHost = (env.KSEF_QR_HOST || KSEF_QR_HOSTS.production).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+$/.test(ksefQrHost)) {
    throw new Error(`KSEF_QR_HOST must be a URL such as ${KSEF_QR_HOSTS.test}, got "${ksefQrHost}"`);
  }
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
    ksefQrHost,
  };
}

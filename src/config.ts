import path from 'node:path';
import { KSEF_QR_HOSTS } from './ksef/verification.js';
import { isProxyEntry } from './limits/address.js';

export interface Config {
  port: number;
  host: string;
  /** Port of the Prometheus /metrics listener (on HOST, apart from the public port); none when unset. */
  metricsPort?: number;
  /** Base of links in e-mails; when unset, http://localhost:<the port actually listened on>. */
  publicUrl?: string;
  dataDir: string;
  /** PostgreSQL server; when absent the embedded PGlite database in `dataDir/db` is used. */
  databaseUrl?: string;
  /**
   * The same database without a pooler in between, for the migrations at start-up: they hold a
   * session lock, which a pooler in transaction mode does not keep. DATABASE_URL when unset.
   */
  databaseDirectUrl?: string;
  /** Off for a pooler that does not follow prepared statements (PgBouncer in transaction mode before 1.21). */
  preparedStatements: boolean;
  smtpUrl?: string;
  /** Redis for signals between several Konekt servers sharing one PostgreSQL database. */
  redisUrl?: string;
  /** With REDIS_URL: how often a server reads the event log's ends, so a lost signal delays delivery by at most this. */
  eventPollIntervalMs: number;
  /** A WebSocket with more than this many bytes waiting to be sent is closed as a slow consumer. */
  socketMaxBufferedBytes: number;
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
  /** Host of the KSeF verification links (KOD I): production unless the test or demo environment's is set. */
  ksefQrHost: string;
  /** What one GraphQL operation may ask for; larger ones are refused before they run. */
  operationLimits: {
    maxTokens: number;
    maxDepth: number;
    maxAliases: number;
    maxDirectives: number;
    /** graphql-armor's cost: objects 2, scalars 1, ×1.5 per level, lists × their `first`/`last`. */
    maxCost: number;
    timeoutMs: number;
  };
  /** Password attempts let through before growing delays, per key; the first delay doubles up to the maximum. */
  attemptLimits: {
    perAccountAndAddress: number;
    perAccount: number;
    perAddress: number;
    delayMs: number;
    maxDelayMs: number;
  };
  connectionLimits: {
    /** TCP connections, HTTP and WebSocket alike. */
    total: number;
    perAddress: number;
    socketsPerAddress: number;
    socketsPerToken: number;
    subscriptionsPerAddress: number;
    subscriptionsPerToken: number;
    /** A socket without a token is closed after this long without an operation. */
    anonymousSocketIdleMs: number;
    connectionInitTimeoutMs: number;
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  /** Proxies whose X-Forwarded-For names the client's address; any other peer is the client itself. */
  trustProxy: string[];
  /** Browser origins besides the server's own that may call the API (CORS and WebSocket upgrades). */
  corsOrigins: string[];
  introspection: boolean;
  graphiql: boolean;
  /** How often offices' reminder digests are looked for (each office gets at most one a day). */
  reminderCheckSeconds: number;
  /** On stop, how long /readyz answers 503 while everything else is served, so a balancer takes the server out first. */
  stopDrainMs: number;
}

/** Settings that were given wrong; each problem is one line naming the setting, its value and what to do. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The password in a URL, shown as ***, also when the rest of the value is not a valid URL. */
export function maskPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1***@');
}

/** `NAME="value"` with any password masked: how every message names a setting. */
export function setting(name: string, value: string): string {
  return `${name}=${JSON.stringify(maskPassword(value))}`;
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
const MIN_BODY_BYTES = 1024;
/** The request body limit when MAX_BODY_BYTES is not set. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

const parseUrl = (value: string) => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/** Reads every setting Konekt knows from the environment, once, with defaults; an empty value counts as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const read = (name: string) => (env[name] === '' ? undefined : env[name]);
  /** The value when `valid` accepts it; otherwise the problem is noted and `fallback` keeps the rest going. */
  const check = <T>(name: string, fallback: T, parse: (value: string) => T | undefined, fix: string): T => {
    const value = read(name);
    if (value === undefined) return fallback;
    const parsed = parse(value);
    if (parsed !== undefined) return parsed;
    problems.push(`${setting(name, value)} ${fix}`);
    return fallback;
  };
  const url =
    (protocols: string[], needsHost = true) =>
    (value: string) => {
      const parsed = parseUrl(value);
      return parsed && protocols.includes(parsed.protocol) && (parsed.hostname || !needsHost) ? value : undefined;
    };
  const wholeNumber = (min: number, max: number) => (value: string) => {
    const parsed = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    return parsed >= min && parsed <= max ? parsed : undefined;
  };
  const flag = (name: string, fallback: boolean) =>
    check(
      name,
      fallback,
      (value) => (/^(true|1|yes|on)$/i.test(value) ? true : /^(false|0|no|off)$/i.test(value) ? false : undefined),
      'is not a yes or no; use true or false.',
    );
  const origins = (name: string) =>
    check(
      name,
      [],
      (value) => {
        const items = value
          .split(',')
          .map((item) => item.trim().replace(/\/+$/, ''))
          .filter(Boolean);
        return items.every((item) => URL.canParse(item) && new URL(item).origin === item) ? items : undefined;
      },
      'is not a list of origins; use e.g. https://app.example.pl,https://other.example.pl (no paths).',
    );
  /** A count or a duration: one line per setting, the message says its unit and its least value. */
  const whole = (name: string, fallback: number, min: number, unit: string) =>
    check(
      name,
      fallback,
      wholeNumber(min, Number.MAX_SAFE_INTEGER),
      `is not ${unit}; use a whole number of at least ${min}.`,
    );

  const port = check(
    'PORT',
    4000,
    wholeNumber(0, 65535),
    'is not a port number; use a whole number from 0 to 65535 (0 picks a free port).',
  );
  const host = read('HOST') ?? '0.0.0.0';
  const metricsPort = check(
    'METRICS_PORT',
    undefined,
    (value) => {
      const parsed = wholeNumber(0, 65535)(value);
      // Metrics are for the operator: they never share the port the public reaches.
      return parsed !== undefined && (parsed === 0 || parsed !== port) ? parsed : undefined;
    },
    "is not a port of its own; use a whole number from 0 to 65535 (0 picks a free port) that is not PORT's, or unset METRICS_PORT to serve no metrics.",
  );
  const publicUrl = check(
    'PUBLIC_URL',
    undefined,
    (value) => url(['http:', 'https:'])(value)?.replace(/\/+$/, ''),
    'is not an http:// or https:// URL; use the address people open Konekt at, e.g. https://konekt.example.pl.',
  );
  const databaseUrl = check(
    'DATABASE_URL',
    undefined,
    // postgres:///name?host=/run/postgresql (a socket) has no host name.
    url(['postgres:', 'postgresql:'], false),
    parseUrl(read('DATABASE_URL') ?? '')?.protocol.match(/^[a-z][a-z0-9+.-]*:$/)
      ? 'is not a PostgreSQL URL: Konekt works with PostgreSQL only; use postgres://user:password@host:5432/database, or unset DATABASE_URL for the embedded database.'
      : 'is not a URL; use postgres://user:password@host:5432/database, or unset DATABASE_URL for the embedded database.',
  );
  const databaseDirectUrl = check(
    'DATABASE_DIRECT_URL',
    undefined,
    (value) => (read('DATABASE_URL') === undefined ? undefined : url(['postgres:', 'postgresql:'], false)(value)),
    read('DATABASE_URL') === undefined
      ? 'only goes with DATABASE_URL: set DATABASE_URL too, or unset DATABASE_DIRECT_URL for the embedded database.'
      : 'is not a PostgreSQL URL; use postgres://user:password@host:5432/database (the database of DATABASE_URL, reached without the pooler).',
  );
  const preparedStatements = flag('DATABASE_PREPARED_STATEMENTS', true);
  const smtpUrl = check(
    'SMTP_URL',
    undefined,
    url(['smtp:', 'smtps:']),
    'is not an SMTP URL; use smtp://user:password@host:587 (smtps:// for TLS), or unset SMTP_URL to write mails to DATA_DIR/outbox.',
  );
  const redisUrl = check(
    'REDIS_URL',
    undefined,
    url(['redis:', 'rediss:']),
    'is not a Redis URL; use redis://host:6379 (rediss:// for TLS), or unset REDIS_URL when only one Konekt server runs.',
  );
  const mailFrom = check(
    'MAIL_FROM',
    'Konekt <no-reply@konekt.local>',
    (value) => (/^(?:[^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(value.trim()) ? value.trim() : undefined),
    'is not a mail address; use an address, with a name if you like: Konekt <no-reply@example.pl>.',
  );
  const maxBodyBytes = check(
    'MAX_BODY_BYTES',
    DEFAULT_MAX_BODY_BYTES,
    wholeNumber(MIN_BODY_BYTES, Number.MAX_SAFE_INTEGER),
    `is not a number of bytes; use a whole number of at least ${MIN_BODY_BYTES}, e.g. 10485760 for 10 MiB.`,
  );
  const logLevel = check<Config['logLevel']>(
    'LOG_LEVEL',
    'info',
    (value) => LOG_LEVELS.find((level) => level === value.trim().toLowerCase()),
    `is not a log level; use one of ${LOG_LEVELS.join(', ')}.`,
  );
  const ksefQrHost = check(
    'KSEF_QR_HOST',
    KSEF_QR_HOSTS.production,
    (value) => (/^https?:\/\/[^/]+\/?$/.test(value.trim()) ? value.trim().replace(/\/+$/, '') : undefined),
    `is not the address of a KSeF verification host; use e.g. ${KSEF_QR_HOSTS.test}, or unset it for production.`,
  );
  const eventPollIntervalMs = whole('EVENT_POLL_INTERVAL_MS', 1000, 10, 'a number of milliseconds');
  const socketMaxBufferedBytes = whole('SOCKET_MAX_BUFFERED_BYTES', 4 * 1024 * 1024, 1024, 'a number of bytes');
  const mailMaxAttempts = whole('MAIL_MAX_ATTEMPTS', 12, 1, 'a number of attempts');
  const mailRetryDelayMs = whole('MAIL_RETRY_DELAY_MS', 30_000, 0, 'a number of milliseconds');
  const mailRetryMaxDelayMs = whole('MAIL_RETRY_MAX_DELAY_MS', 60 * 60_000, 0, 'a number of milliseconds');
  const mailPollIntervalMs = whole('MAIL_POLL_INTERVAL_MS', 5_000, 1, 'a number of milliseconds');
  const mailClaimMs = whole('MAIL_CLAIM_MS', 120_000, 1, 'a number of milliseconds');
  const mailLimitPerRecipient = whole('MAIL_LIMIT_PER_RECIPIENT', 5, 0, 'a number of mails (0: no limit)');
  const mailLimitPerClient = whole('MAIL_LIMIT_PER_CLIENT', 20, 0, 'a number of requests (0: no limit)');
  const mailLimitWindowMs = whole('MAIL_LIMIT_WINDOW_MS', 60 * 60_000, 1, 'a number of milliseconds');
  const ms = 'a number of milliseconds';
  const operationLimits = {
    maxTokens: whole('MAX_QUERY_TOKENS', 2000, 1, 'a number of tokens'),
    maxDepth: whole('MAX_QUERY_DEPTH', 8, 1, 'a depth'),
    maxAliases: whole('MAX_QUERY_ALIASES', 15, 0, 'a number of aliases'),
    maxDirectives: whole('MAX_QUERY_DIRECTIVES', 10, 0, 'a number of directives'),
    maxCost: whole('MAX_QUERY_COST', 100_000, 1, 'a cost'),
    timeoutMs: whole('QUERY_TIMEOUT_MS', 10_000, 1, ms),
  };
  const attemptLimits = {
    perAccountAndAddress: whole('SIGN_IN_FREE_ATTEMPTS', 5, 1, 'a number of attempts'),
    perAccount: whole('SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT', 20, 1, 'a number of attempts'),
    perAddress: whole('SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS', 50, 1, 'a number of attempts'),
    delayMs: whole('SIGN_IN_DELAY_MS', 30_000, 0, ms),
    maxDelayMs: whole('SIGN_IN_MAX_DELAY_MS', 15 * 60_000, 0, ms),
  };
  const connectionLimits = {
    total: whole('MAX_CONNECTIONS', 10_000, 1, 'a number of connections'),
    perAddress: whole('MAX_CONNECTIONS_PER_ADDRESS', 256, 1, 'a number of connections'),
    socketsPerAddress: whole('MAX_SOCKETS_PER_ADDRESS', 128, 1, 'a number of sockets'),
    socketsPerToken: whole('MAX_SOCKETS_PER_TOKEN', 8, 1, 'a number of sockets'),
    subscriptionsPerAddress: whole('MAX_SUBSCRIPTIONS_PER_ADDRESS', 256, 1, 'a number of subscriptions'),
    subscriptionsPerToken: whole('MAX_SUBSCRIPTIONS_PER_TOKEN', 16, 1, 'a number of subscriptions'),
    anonymousSocketIdleMs: whole('ANONYMOUS_SOCKET_IDLE_MS', 30_000, 1, ms),
    connectionInitTimeoutMs: whole('CONNECTION_INIT_TIMEOUT_MS', 3000, 1, ms),
    headersTimeoutMs: whole('HTTP_HEADERS_TIMEOUT_MS', 10_000, 1, ms),
    requestTimeoutMs: whole('HTTP_REQUEST_TIMEOUT_MS', 60_000, 1, ms),
    keepAliveTimeoutMs: whole('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000, 1, ms),
  };
  const trustProxy = check(
    'TRUST_PROXY',
    [],
    (value) => {
      const entries = value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean);
      return entries.every(isProxyEntry) ? entries : undefined;
    },
    'is not a list of proxy addresses; use IP addresses or CIDR ranges, e.g. 10.0.0.5,10.1.0.0/16.',
  );
  const corsOrigins = origins('CORS_ORIGINS');
  const introspection = flag('GRAPHQL_INTROSPECTION', true);
  const graphiql = flag('GRAPHIQL', true);
  const reminderCheckSeconds = whole('REMINDER_CHECK_SECONDS', 300, 1, 'a number of seconds');
  const stopDrainMs = whole('STOP_DRAIN_MS', 0, 0, 'a number of milliseconds (0: stop at once)');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    metricsPort,
    publicUrl,
    dataDir: path.resolve(read('DATA_DIR') ?? 'data'),
    databaseUrl,
    databaseDirectUrl,
    preparedStatements,
    smtpUrl,
    redisUrl,
    eventPollIntervalMs,
    socketMaxBufferedBytes,
    mailFrom,
    mailMaxAttempts,
    mailRetryDelayMs,
    mailRetryMaxDelayMs,
    mailPollIntervalMs,
    mailClaimMs,
    mailLimitPerRecipient,
    mailLimitPerClient,
    mailLimitWindowMs,
    maxBodyBytes,
    logLevel,
    ksefQrHost,
    operationLimits,
    attemptLimits,
    connectionLimits,
    trustProxy,
    corsOrigins,
    introspection,
    graphiql,
    reminderCheckSeconds,
    stopDrainMs,
  };
}

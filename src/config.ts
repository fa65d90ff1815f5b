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
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function origins(name: string, value: string | undefined): string[] {
  return list(value).map((origin) => {
    const parsed = URL.canParse(origin) ? new URL(origin).origin : 'null';
    if (parsed !== origin.replace(/\/+$/, ''))
      throw new Error(`${name}: "${origin}" is not an origin such as https://app.example.pl`);
    return parsed;
  });
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
    operationLimits: {
      maxTokens: integer('MAX_QUERY_TOKENS', env.MAX_QUERY_TOKENS, 2000),
      maxDepth: integer('MAX_QUERY_DEPTH', env.MAX_QUERY_DEPTH, 8),
      maxAliases: integer('MAX_QUERY_ALIASES', env.MAX_QUERY_ALIASES, 15),
      maxDirectives: integer('MAX_QUERY_DIRECTIVES', env.MAX_QUERY_DIRECTIVES, 10),
      maxCost: integer('MAX_QUERY_COST', env.MAX_QUERY_COST, 100_000),
      timeoutMs: integer('QUERY_TIMEOUT_MS', env.QUERY_TIMEOUT_MS, 10_000),
    },
    attemptLimits: {
      perAccountAndAddress: integer('SIGN_IN_FREE_ATTEMPTS', env.SIGN_IN_FREE_ATTEMPTS, 5),
      perAccount: integer('SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT', env.SIGN_IN_FREE_ATTEMPTS_PER_ACCOUNT, 20),
      perAddress: integer('SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS', env.SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS, 50),
      delayMs: integer('SIGN_IN_DELAY_MS', env.SIGN_IN_DELAY_MS, 30_000),
      maxDelayMs: integer('SIGN_IN_MAX_DELAY_MS', env.SIGN_IN_MAX_DELAY_MS, 15 * 60_000),
    },
    connectionLimits: {
      total: integer('MAX_CONNECTIONS', env.MAX_CONNECTIONS, 10_000),
      perAddress: integer('MAX_CONNECTIONS_PER_ADDRESS', env.MAX_CONNECTIONS_PER_ADDRESS, 256),
      socketsPerAddress: integer('MAX_SOCKETS_PER_ADDRESS', env.MAX_SOCKETS_PER_ADDRESS, 128),
      socketsPerToken: integer('MAX_SOCKETS_PER_TOKEN', env.MAX_SOCKETS_PER_TOKEN, 8),
      subscriptionsPerAddress: integer('MAX_SUBSCRIPTIONS_PER_ADDRESS', env.MAX_SUBSCRIPTIONS_PER_ADDRESS, 256),
      subscriptionsPerToken: integer('MAX_SUBSCRIPTIONS_PER_TOKEN', env.MAX_SUBSCRIPTIONS_PER_TOKEN, 16),
      anonymousSocketIdleMs: integer('ANONYMOUS_SOCKET_IDLE_MS', env.ANONYMOUS_SOCKET_IDLE_MS, 30_000),
      connectionInitTimeoutMs: integer('CONNECTION_INIT_TIMEOUT_MS', env.CONNECTION_INIT_TIMEOUT_MS, 3000),
      headersTimeoutMs: integer('HTTP_HEADERS_TIMEOUT_MS', env.HTTP_HEADERS_TIMEOUT_MS, 10_000),
      requestTimeoutMs: integer('HTTP_REQUEST_TIMEOUT_MS', env.HTTP_REQUEST_TIMEOUT_MS, 60_000),
      keepAliveTimeoutMs: integer('HTTP_KEEP_ALIVE_TIMEOUT_MS', env.HTTP_KEEP_ALIVE_TIMEOUT_MS, 5000),
    },
    trustProxy: list(env.TRUST_PROXY),
    corsOrigins: origins('CORS_ORIGINS', env.CORS_ORIGINS),
    introspection: flag('GRAPHQL_INTROSPECTION', env.GRAPHQL_INTROSPECTION, true),
    graphiql: flag('GRAPHIQL', env.GRAPHIQL, true),
  };
}

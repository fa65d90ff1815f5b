import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient, type Prisma } from '../generated/prisma/client.js';
import { applyMigrations, type SqlRunner } from './migrate.js';
import { runOnPGlite, runOnPool } from './statements.js';

export type Db = PrismaClient;
export type { Prisma } from '../generated/prisma/client.js';

/**
 * One statement straight through the driver, for the hottest paths (the page of documents, the
 * send): `$queryRaw` compiles a plan and maps the rows on every call, a fifth of such a request
 * (bench/PROFILE.md). Each runs as a prepared statement (./statements.ts). Rows come as the driver
 * gives them: json parsed, int8 as text or bigint.
 */
export type SqlQuery = <T>(query: Prisma.Sql) => Promise<T[]>;

export interface Database {
  prisma: Db;
  sql: SqlQuery;
  kind: 'pglite' | 'postgres';
  /** PostgreSQL's connection pool, for its metrics; PGlite has none. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export type DatabaseOptions = (
  | {
      databaseUrl: string;
      /** For the migrations, which hold a session lock: the database without a pooler in between. */
      directUrl?: string;
      /** Named prepared statements on the driver path (statements.ts); off for a pooler that loses them. */
      preparedStatements?: boolean;
    }
  | { dataDir: string }
  /** An already opened PGlite instance (tests restore a migrated snapshot this way). */
  | { pglite: PGlite }
) & {
  /** Told every SQL statement the client sends (tests use it to catch N+1 queries). */
  onQuery?: (sql: string) => void;
};

function createClient(adapter: PrismaPGlite | PrismaPg, onQuery?: (sql: string) => void) {
  if (!onQuery) return new PrismaClient({ adapter });
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  prisma.$on('query', (event) => onQuery(event.query));
  return prisma;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if ('databaseUrl' in options) return openPostgres(options);
  let pglite: PGlite;
  if ('pglite' in options) {
    pglite = options.pglite;
  } else {
    const dir = path.join(options.dataDir, 'db');
    mkdirSync(dir, { recursive: true });
    pglite = new PGlite(dir);
  }
  await applyMigrations(pgliteRunner(pglite));
  // PGlite learns the array types (Permission[] …) when it opens; on a fresh data directory the
  // migrations create them afterwards, and until it is told, it sends ["X"] as the malformed literal "X".
  await pglite.refreshArrayTypes();
  // PostgreSQL plans a prepared statement afresh for each call's values while the plan it would reuse
  // looks dearer (pageLiteral, documents/rows.ts). PGlite never gathers statistics, so the values gain
  // it little: a page of documents beside 100,000 other documents took 0.5 ms, 0.3 ms of it planning.
  await pglite.exec('SET plan_cache_mode = force_generic_plan');
  const prisma = createClient(new PrismaPGlite(pglite), options.onQuery);
  return {
    prisma,
    async sql<T>(query: Prisma.Sql) {
      options.onQuery?.(query.text);
      return runOnPGlite<T>(pglite, query.text, query.values);
    },
    kind: 'pglite',
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

export function pgliteRunner(pglite: PGlite): SqlRunner {
  return {
    async exec(script) {
      await pglite.exec(script);
    },
    async query<T>(sql: string, params?: unknown[]) {
      return (await pglite.query<T>(sql, params)).rows;
    },
  };
}

export function pgRunner(client: pg.Client): SqlRunner {
  return {
    async exec(script) {
      await client.query(script);
    },
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as T[];
    },
  };
}

/** PostgreSQL could not be reached or refused the connection; the message says why and what to do. */
export class DatabaseConnectionError extends Error {
  constructor(
    message: string,
    /** The setting whose URL failed. */
    readonly setting: 'DATABASE_URL' | 'DATABASE_DIRECT_URL',
    options: ErrorOptions,
  ) {
    super(message, options);
  }
}

const CONNECT_TIMEOUT_MS = 10_000;
/** A database that does not answer fails the request after this instead of holding it forever. */
const POOL_CONNECT_TIMEOUT_MS = 5000;

function connectionProblem(error: unknown, connectionString: string, timeoutMs = CONNECT_TIMEOUT_MS): string {
  const url = new URL(connectionString);
  const where = `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  const user = decodeURIComponent(url.username) || 'the default user';
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username);
  const { code, message } = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const cause = code ?? (error as { errors?: { code?: string }[] }).errors?.[0]?.code;
  switch (cause) {
    case 'ECONNREFUSED':
      return `nothing answers at ${where} (connection refused); start PostgreSQL there or correct the host and port.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host "${url.hostname}" is not known; correct the host name.`;
    case '3D000':
      return `the database "${database}" does not exist on ${where}; create it (createdb ${database}) or name an existing one.`;
    case '28P01':
      return `${where} refused the password of user "${user}"; correct the user name or the password.`;
    case '28000':
      return `${where} refused user "${user}" (${message}); correct the user name or allow it in pg_hba.conf.`;
  }
  if (/timeout/i.test(message ?? '')) {
    return `no answer from ${where} within ${timeoutMs / 1000} s; check the host, the port and any firewall.`;
  }
  return `${where} refused the connection: ${message ?? String(error)}.`;
}

async function openPostgres({
  databaseUrl,
  directUrl = databaseUrl,
  preparedStatements = true,
  onQuery,
}: Extract<DatabaseOptions, { databaseUrl: string }>): Promise<Database> {
  const client = new pg.Client({ connectionString: directUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
  } catch (error) {
    const setting = directUrl === databaseUrl ? 'DATABASE_URL' : 'DATABASE_DIRECT_URL';
    throw new DatabaseConnectionError(connectionProblem(error, directUrl), setting, { cause: error });
  }
  try {
    await applyMigrations(pgRunner(client));
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 20,
    connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS,
  });
  // An idle connection the server dropped: the pool forgets it and the next statement opens another
  // (Prisma listens too, but only from its first query on).
  pool.on('error', () => undefined);
  if (directUrl !== databaseUrl) {
    // Requests are the first to use DATABASE_URL: a wrong one is refused at start, as a wrong direct one is.
    await pool.query('SELECT 1').catch(async (error: unknown) => {
      await pool.end();
      const problem = connectionProblem(error, databaseUrl, POOL_CONNECT_TIMEOUT_MS);
      throw new DatabaseConnectionError(problem, 'DATABASE_URL', { cause: error });
    });
  }
  const prisma = createClient(new PrismaPg(pool, { disposeExternalPool: true }), onQuery);
  return {
    prisma,
    async sql<T>(query: Prisma.Sql) {
      onQuery?.(query.text);
      return runOnPool<T>(pool, query.text, query.values, preparedStatements);
    },
    kind: 'postgres',
    pool,
    async close() {
      await prisma.$disconnect();
      // Prisma ends the pool it used; the driver path may have used it while Prisma never did.
      if (!pool.ending) await pool.end();
    },
  };
}

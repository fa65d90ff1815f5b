import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { applyMigrations, type SqlRunner } from './migrate.js';

export type Db = PrismaClient;
export type { Prisma } from '../generated/prisma/client.js';

export interface Database {
  prisma: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export type DatabaseOptions = (
  | { databaseUrl: string }
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
  if ('databaseUrl' in options) return openPostgres(options.databaseUrl, options.onQuery);
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
  const prisma = createClient(new PrismaPGlite(pglite), options.onQuery);
  return {
    prisma,
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

async function openPostgres(connectionString: string, onQuery?: (sql: string) => void): Promise<Database> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await applyMigrations({
      async exec(script) {
        await client.query(script);
      },
      async query<T>(sql: string, params?: unknown[]) {
        return (await client.query(sql, params)).rows as T[];
      },
    });
  } finally {
    await client.end();
  }
  // A database that does not answer fails the request after a while instead of holding it forever.
  const prisma = createClient(new PrismaPg({ connectionString, max: 20, connectionTimeoutMillis: 5000 }), onQuery);
  return {
    prisma,
    kind: 'postgres',
    async close() {
      await prisma.$disconnect();
    },
  };
}

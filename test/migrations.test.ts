import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, pgliteRunner, pgRunner } from '../src/db/index.js';
import { applyMigrations, MIGRATIONS_DIR, type SqlRunner } from '../src/db/migrate.js';
import { createScratchDatabase } from './helpers/database.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** The migrations as the first release shipped them (commit 8a8a7b3). */
const FIRST_RELEASE = path.join(ROOT, 'test', 'fixtures', 'migrations-8a8a7b3');
const serverUrl = process.env.DATABASE_URL;

interface EmptyDatabase {
  runner: SqlRunner;
  /** Opens the server's way (migrations, then the Prisma client); only for the database's first opening. */
  open(): ReturnType<typeof openDatabase>;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A database with nothing in it: in-memory PGlite, or a new database on the PostgreSQL server. */
async function emptyDatabase(): Promise<EmptyDatabase> {
  if (!serverUrl) {
    const pglite = new PGlite();
    cleanups.push(() => (pglite.closed ? Promise.resolve() : pglite.close()));
    return { runner: pgliteRunner(pglite), open: () => openDatabase({ pglite }) };
  }
  const { url, drop } = await createScratchDatabase(serverUrl, 'konekt_migrations');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  cleanups.push(async () => {
    await client.end();
    await drop();
  });
  return { runner: pgRunner(client), open: () => openDatabase({ databaseUrl: url }) };
}

/** Everything a migration defines, as PostgreSQL describes it. */
async function describeSchema(runner: SqlRunner) {
  const rows = async (sql: string) =>
    (await runner.query<Record<string, unknown>>(sql)).map((row) => JSON.stringify(row));
  return {
    columns: await rows(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`),
    indexes: await rows(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexdef`),
    constraints: await rows(`SELECT conrelid::regclass::text AS "table", conname, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`),
    enums: await rows(`SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`),
    functions: await rows(`SELECT p.proname, pg_get_functiondef(p.oid) AS def FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace ORDER BY p.proname, def`),
  };
}

const migrationNames = async (dir: string) =>
  (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe('migrations', () => {
  it("brings a database of the first release up to today's, functions included", async () => {
    const old = await emptyDatabase();
    expect(await applyMigrations(old.runner, FIRST_RELEASE)).toEqual(await migrationNames(FIRST_RELEASE));
    // A company with one document of the first release, sent with that release's function.
    const company = '00000000-0000-4000-8000-000000000001';
    await old.runner.exec(
      `INSERT INTO "Company" (id, name, nip) VALUES ('${company}', 'Sprzed wydania', '5260001246')`,
    );
    const attachment = { fileName: 'a.txt', contentType: 'text/plain', size: 3, sha256: 'x', contentBase64: 'YWJj' };
    const [sent] = await old.runner.query<{ outcome: string }>(
      `SELECT outcome FROM konekt_send_document($1, NULL, 'k1', 'h1', 'FV/1', 'INVOICE', '2026-11-20', 'Kupiec', NULL,
        100, 'PLN', '{"a":1}'::jsonb, $2::jsonb, 5, '2026-11-01', '2026-11-20')`,
      [company, JSON.stringify([attachment])],
    );
    expect(sent).toEqual({ outcome: 'CREATED' });

    const released = new Set(await migrationNames(FIRST_RELEASE));
    const added = (await migrationNames(MIGRATIONS_DIR)).filter((name) => !released.has(name));
    expect(await applyMigrations(old.runner)).toEqual(added);
    expect(await applyMigrations(old.runner)).toEqual([]);

    const fresh = await emptyDatabase();
    await applyMigrations(fresh.runner);
    expect(await describeSchema(old.runner)).toEqual(await describeSchema(fresh.runner));
    // What the company kept before is counted against its plan: the version's JSON text and the file.
    const [kept] = await old.runner.query<{ name: string; storedBytes: string | number | bigint }>(
      `SELECT name, "storedBytes" FROM "Company"`,
    );
    expect({ ...kept, storedBytes: Number(kept!.storedBytes) }).toEqual({
      name: 'Sprzed wydania',
      storedBytes: '{"a": 1}'.length + 3,
    });
    // Two embedded databases are created and migrated from nothing: slow beside other test files.
  }, 90_000);

  it('refuses to start when an applied migration was edited afterwards, and accepts a change of line endings', async () => {
    const database = await emptyDatabase();
    await applyMigrations(database.runner);
    const edited = '20261128000100_document_exchange';
    const [row] = await database.runner.query<{ checksum: string }>(
      `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1`,
      [edited],
    );
    await database.runner.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
      'f'.repeat(64),
      edited,
    ]);
    await expect(database.open()).rejects.toThrow(
      `the migration ${edited} changed after it was applied to this database (the checksum differs)`,
    );
    await database.runner.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
      row!.checksum,
      edited,
    ]);

    const crlf = await mkdtemp(path.join(tmpdir(), 'konekt-crlf-'));
    cleanups.push(() => rm(crlf, { recursive: true, force: true }));
    await cp(MIGRATIONS_DIR, crlf, { recursive: true });
    for (const name of await migrationNames(crlf)) {
      const file = path.join(crlf, name, 'migration.sql');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
    }
    expect(await applyMigrations(database.runner, crlf)).toEqual([]);
    const opened = await database.open();
    await opened.close();
  });

  it.runIf(serverUrl)('agree with schema.prisma (prisma migrate diff on a throwaway shadow database)', async () => {
    const prisma = path.join(ROOT, 'node_modules', '.bin', 'prisma');
    const { stdout } = await promisify(execFile)(
      prisma,
      [
        'migrate',
        'diff',
        '--config',
        path.join(ROOT, 'test', 'helpers', 'prisma-diff.config.ts'),
        '--from-migrations',
        MIGRATIONS_DIR,
        '--to-schema-datamodel',
        path.join(ROOT, 'prisma', 'schema.prisma'),
        '--exit-code',
      ],
      { cwd: ROOT, env: { ...process.env, PRISMA_DIFF_SERVER: serverUrl } },
    );
    expect(stdout).toContain('No difference detected.');
  });
});

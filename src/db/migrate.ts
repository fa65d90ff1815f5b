import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The two things the migrator needs from a connection: run a script, run a parameterised query. */
export interface SqlRunner {
  exec(script: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

// Same bookkeeping table as `prisma migrate deploy`, so `prisma migrate status` agrees with us.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// The key prisma itself uses, so a concurrent `prisma migrate deploy` and a starting server never interleave.
const ADVISORY_LOCK_KEY = 72707369;

interface Migration {
  name: string;
  script: string;
  checksum: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The migration files, oldest first, with the checksum `prisma migrate` would record for each. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const script = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, script, checksum: sha256(script) };
    }),
  );
}

// Like Prisma, a file whose only change is CRLF line endings still matches.
const matches = (migration: Migration, checksum: string) =>
  checksum === migration.checksum || checksum === sha256(migration.script.replace(/\r\n/g, '\n'));

/** Where a database stands against the migration files. */
export interface MigrationState {
  /** Files not yet applied. */
  pending: string[];
  /** Applied, but the file has changed since: the database may differ from what the file now says. */
  edited: string[];
  /** A migration that started and neither finished nor was rolled back. */
  failed?: string;
}

export async function migrationState(
  runner: Pick<SqlRunner, 'query'>,
  migrations: Migration[],
): Promise<MigrationState> {
  const rows = await runner.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
  }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
  const failed = rows.find((row) => !row.finished_at && !row.rolled_back_at)?.migration_name;
  const applied = new Map(
    rows.filter((row) => row.finished_at && !row.rolled_back_at).map((row) => [row.migration_name, row.checksum]),
  );
  return {
    pending: migrations.filter((m) => !applied.has(m.name)).map((m) => m.name),
    edited: migrations.filter((m) => applied.has(m.name) && !matches(m, applied.get(m.name)!)).map((m) => m.name),
    ...(failed ? { failed } : {}),
  };
}

/**
 * Applies every migration in prisma/migrations that is not yet recorded; returns the names applied.
 * Refuses to start when a migration failed earlier or an applied one was edited afterwards.
 */
export async function applyMigrations(runner: SqlRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  await runner.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCK_KEY]);
  try {
    await runner.exec(CREATE_TABLE);
    const state = await migrationState(runner, migrations);
    if (state.failed) throw new Error(`migration ${state.failed} failed earlier; resolve it before starting`);
    if (state.edited.length > 0) {
      throw new Error(
        `the migration${state.edited.length > 1 ? 's' : ''} ${state.edited.join(', ')} changed after ${
          state.edited.length > 1 ? 'they were' : 'it was'
        } applied to this database (the checksum differs), so the database may not be what the files describe. ` +
          'Restore the released file and put the change in a new migration; never edit one that has been applied.',
      );
    }
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => state.pending.includes(m.name))) {
      try {
        await runner.exec(`BEGIN;\n${migration.script}\n;`);
        await runner.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await runner.exec('COMMIT');
      } catch (error) {
        await runner.exec('ROLLBACK');
        throw error;
      }
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCK_KEY]);
  }
}

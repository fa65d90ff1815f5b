import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/index.js';

export const SNAPSHOT_FILE = path.join(
  fileURLToPath(new URL('../../', import.meta.url)),
  '.konekt-test',
  'pglite-migrated.tar',
);

/**
 * An isolated, migrated database for one test file: a restored PGlite snapshot in memory, or a
 * fresh database on the PostgreSQL server named by DATABASE_URL (dropped again on close).
 */
export async function openTestDatabase(onQuery?: (sql: string) => void): Promise<Database & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const snapshot = await readFile(SNAPSHOT_FILE);
    return openDatabase({ pglite: new PGlite({ loadDataDir: new Blob([snapshot]) }), onQuery });
  }
  const { url, drop } = await createScratchDatabase(serverUrl, 'konekt_test');
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url, onQuery });
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await drop();
    },
  };
}

/** A new, empty database named `<prefix>_<random>` on the PostgreSQL server at `serverUrl`; `drop` removes it whoever still holds it. */
export async function createScratchDatabase(serverUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const administer = async (sql: string) => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await administer(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => administer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

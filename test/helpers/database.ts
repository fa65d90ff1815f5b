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
  const name = `konekt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    const dropper = new pg.Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  };
  let database: Database;
  try {
    database = await openDatabase({ databaseUrl: url.toString(), onQuery });
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    ...database,
    url: url.toString(),
    async close() {
      await database.close();
      await drop();
    },
  };
}

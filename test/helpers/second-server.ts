import { afterAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/index.js';
import type { TestServer } from './server.js';

/**
 * Another Konekt server on the first one's database, as behind a load balancer: its own process
 * state (caches, counters in memory), the same data. On PostgreSQL it has its own connections; the
 * embedded database belongs to one process, so there it shares the first server's client.
 * Stopped after the test file.
 */
export async function startServerOnSameDatabase(first: TestServer, env: Record<string, string> = {}) {
  let database: Database;
  if (first.databaseUrl) {
    database = await openDatabase({ databaseUrl: first.databaseUrl });
  } else {
    database = {
      prisma: first.app.services.db,
      sql: first.app.services.sql,
      kind: 'pglite',
      close: () => Promise.resolve(),
    };
  }
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    SMTP_URL: first.smtp.url,
    ...env,
  });
  const app = await buildApp(config, { database, now: first.app.services.now });
  const { port } = await app.start();
  afterAll(() => app.stop());
  return { app, url: `http://127.0.0.1:${port}/graphql` };
}

/**
 * The Konekt server under test, in its own process so that its resident memory can be read from
 * /proc. Seeds BENCH_COMPANIES connected companies, then prints one JSON line (URLs and tokens).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/index.js';
import { exitWhenTold } from './child-exit.js';
import { seedOffice, type SeededOffice } from './office-seed.js';
import { seedCompanies } from './seed.js';

export interface ServeInfo {
  url: string;
  wsUrl: string;
  /** POST here to collect garbage before the parent reads VmRSS; answers process.memoryUsage(). */
  gcUrl: string;
  companies: Awaited<ReturnType<typeof seedCompanies>>;
  /** With BENCH_OFFICE=1: an accounting office serving every company. */
  office?: SeededOffice;
}

const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' });
// In-memory PGlite unless DATABASE_URL names the bench database: no ./data folder is touched.
const database = config.databaseUrl
  ? await openDatabase({ databaseUrl: config.databaseUrl })
  : await openDatabase({ pglite: new PGlite() });
const app = await buildApp(config, { database });
const companies = await seedCompanies(app.services.db, Number(process.env.BENCH_COMPANIES ?? 100));
const office = process.env.BENCH_OFFICE ? await seedOffice(app.services.db) : undefined;
const { port } = await app.start();
const gcServer = await startGcServer();
exitWhenTold(async () => {
  gcServer.close();
  await app.stop();
});

const base = `127.0.0.1:${port}/graphql`;
const gcPort = (gcServer.address() as AddressInfo).port;
const info: ServeInfo = {
  url: `http://${base}`,
  wsUrl: `ws://${base}`,
  gcUrl: `http://127.0.0.1:${gcPort}/gc`,
  companies,
  office,
};
console.log(JSON.stringify(info));

/** A side port, so the measured server stays exactly what production runs. */
async function startGcServer() {
  const server = createServer((_req, res) => {
    collectGarbage().then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(process.memoryUsage())),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function collectGarbage() {
  if (!globalThis.gc) throw new Error('start the child with --expose-gc');
  // Twice, with a pause: the first pass can leave finalizers and weak maps to the second.
  globalThis.gc();
  await sleep(200);
  globalThis.gc();
}

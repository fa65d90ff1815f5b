/**
 * The Konekt server under test, in its own process so that its resident memory can be read from
 * /proc; built like `npm start` builds it (embedded PGlite in a data directory, here a temporary
 * one, unless DATABASE_URL names the bench database). Seeds BENCH_COMPANIES connected companies
 * and, with BENCH_REPLAY_EVENTS, one more whose event log holds that many events; then prints one
 * JSON line (URLs and tokens).
 */
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Db } from '../src/db/index.js';
import { exitWhenTold } from './child-exit.js';
import { seedCompanies, seedEventLog, type SeededCompany } from './seed.js';

export interface ServeInfo {
  url: string;
  wsUrl: string;
  /** POST here to collect garbage before the parent reads VmRSS; answers process.memoryUsage(). */
  gcUrl: string;
  /** GET: the last event sequence of every company, by NIP. */
  cursorsUrl: string;
  companies: SeededCompany[];
  replay?: { company: SeededCompany; events: number };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'konekt-bench-'));
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', DATA_DIR: dataDir });
const app = await buildApp(config);
const db = app.services.db;
const replayEvents = Number(process.env.BENCH_REPLAY_EVENTS ?? 0);
const seeded = await seedCompanies(db, Number(process.env.BENCH_COMPANIES ?? 100) + (replayEvents > 0 ? 1 : 0));
const replayCompany = replayEvents > 0 ? seeded.pop()! : undefined;
if (replayCompany) await seedEventLog(db, replayCompany, replayEvents);
const { port } = await app.start();
const sideServer = await startSideServer(db);
exitWhenTold(async () => {
  sideServer.close();
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const base = `127.0.0.1:${port}/graphql`;
const side = `http://127.0.0.1:${(sideServer.address() as AddressInfo).port}`;
const info: ServeInfo = {
  url: `http://${base}`,
  wsUrl: `ws://${base}`,
  gcUrl: `${side}/gc`,
  cursorsUrl: `${side}/cursors`,
  companies: seeded,
  ...(replayCompany ? { replay: { company: replayCompany, events: replayEvents } } : {}),
};
console.log(JSON.stringify(info));

/** A side port, so the measured server stays exactly what production runs. */
async function startSideServer(db: Db) {
  const server = createServer((req, res) => {
    answer(req, db).then(
      (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function answer(req: IncomingMessage, db: Db): Promise<unknown> {
  if (req.url === '/gc') {
    await collectGarbage();
    return process.memoryUsage();
  }
  if (req.url === '/cursors') {
    const companies = await db.company.findMany({ select: { nip: true, lastEventSequence: true } });
    return Object.fromEntries(companies.map((c) => [c.nip, c.lastEventSequence]));
  }
  throw new Error(`no such side endpoint: ${req.url}`);
}

async function collectGarbage() {
  if (!globalThis.gc) throw new Error('start the child with --expose-gc');
  // Twice, with a pause: the first pass can leave finalizers and weak maps to the second.
  globalThis.gc();
  await sleep(200);
  globalThis.gc();
}

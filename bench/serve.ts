/**
 * The Konekt server under test, in its own process so that its resident memory can be read from
 * /proc; built like `npm start` builds it (embedded PGlite in a data directory, here a temporary
 * one, unless DATABASE_URL names the bench database). Seeds BENCH_COMPANIES connected companies
 * and, with BENCH_REPLAY_EVENTS, one more whose event log holds that many events, with BENCH_OFFICE=1 an
 * accounting office serving every company; then prints one
 * JSON line (URLs and tokens).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { exitWhenTold } from './child-exit.js';
import { seedOffice, type SeededOffice } from './office-seed.js';
import { seedCompanies, seedEventLog, type SeededCompany } from './seed.js';
import { collectGarbage, startSideServer } from './side-server.js';

export interface ServeInfo {
  url: string;
  wsUrl: string;
  /** POST here to collect garbage before the parent reads VmRSS; answers process.memoryUsage(). */
  gcUrl: string;
  /** GET: the last event sequence of every company, by NIP. */
  cursorsUrl: string;
  companies: SeededCompany[];
  replay?: { company: SeededCompany; events: number };
  /** With BENCH_OFFICE=1: an accounting office serving every company. */
  office?: SeededOffice;
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'konekt-bench-'));
const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', DATA_DIR: dataDir });
const app = await buildApp(config);
const db = app.services.db;
const replayEvents = Number(process.env.BENCH_REPLAY_EVENTS ?? 0);
const seeded = await seedCompanies(db, Number(process.env.BENCH_COMPANIES ?? 100) + (replayEvents > 0 ? 1 : 0));
const replayCompany = replayEvents > 0 ? seeded.pop()! : undefined;
if (replayCompany) await seedEventLog(db, replayCompany, replayEvents);
const office = process.env.BENCH_OFFICE ? await seedOffice(db) : undefined;
const { port } = await app.start();
const side = await startSideServer({
  '/gc': collectGarbage,
  '/cursors': async () => {
    const rows = await db.company.findMany({ select: { nip: true, lastEventSequence: true } });
    return Object.fromEntries(rows.map((c) => [c.nip, c.lastEventSequence]));
  },
});
exitWhenTold(async () => {
  side.server.close();
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const base = `127.0.0.1:${port}/graphql`;
const info: ServeInfo = {
  url: `http://${base}`,
  wsUrl: `ws://${base}`,
  gcUrl: `${side.url}/gc`,
  cursorsUrl: `${side.url}/cursors`,
  companies: seeded,
  ...(replayCompany ? { replay: { company: replayCompany, events: replayEvents } } : {}),
  ...(office ? { office } : {}),
};
console.log(JSON.stringify(info));

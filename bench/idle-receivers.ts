/**
 * npm run bench:idle — only the idle-receivers part of `npm run bench`: server RSS and heap per idle
 * subscribed receiver, quick enough to compare two versions of the server. `--root DIR` runs the
 * server of another checkout of Konekt (its bench/serve.ts) against this bench's receivers;
 * `--snapshot DIR` writes a heap snapshot of the server into DIR while the receivers are connected.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, type Child } from './children.js';
import { runBounded } from './cleanup.js';
import { benchServerUrl, withBenchDatabase } from './database.js';
import { limitsForFleet } from './fleet.js';
import { settledMemory } from './konekt.js';
import { loadAverage } from './report.js';
import type { ServeInfo } from './serve.js';
import { readSettings } from './settings.js';
import { idleReceivers } from './throughput-receivers.js';

const USAGE = 'npm run bench:idle -- [--idle N] [--rounds N] [--db pglite|postgres] [--root DIR] [--snapshot DIR]';
const WATCHDOG_MS = 20 * 60_000;
const START_TIMEOUT_MS = 5 * 60_000;
const COMPANIES = 100;
/** Memory reads (10 s each at most) while a snapshot is written. */
const SNAPSHOT_ATTEMPTS = 12;

async function main() {
  const { values } = parseArgs({
    options: {
      idle: { type: 'string', default: '2000' },
      rounds: { type: 'string', default: '2' },
      db: { type: 'string', default: 'pglite' },
      root: { type: 'string', default: path.join(fileURLToPath(import.meta.url), '..', '..') },
      snapshot: { type: 'string' },
    },
  });
  const settings = { ...readSettings(['--idle', values.idle]), idleRounds: Number(values.rounds) };
  if (!(settings.idleRounds > 0) || (values.db !== 'pglite' && values.db !== 'postgres')) throw new Error(USAGE);
  const run = async (databaseUrl: string | undefined) => {
    const child = await startServer(
      path.join(path.resolve(values.root), 'bench', 'serve.ts'),
      {
        ...process.env,
        DATABASE_URL: databaseUrl ?? '',
        BENCH_COMPANIES: String(COMPANIES),
        ...limitsForFleet(settings.idleReceivers),
      },
      START_TIMEOUT_MS,
      values.snapshot ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${values.snapshot}`] : [],
    );
    try {
      const idle = await idleReceivers(child, child.info.companies, settings, () => snapshot(child, values.snapshot));
      const load = loadAverage();
      console.log(
        `${values.db} ${values.root}: ${idle.receivers} idle receivers, ` +
          `${idle.rssPerReceiverKiB.toFixed(1)} KiB RSS, ${idle.heapUsedPerReceiverKiB.toFixed(1)} KiB heap each ` +
          `(RSS rounds ${idle.rounds.map((r) => ((r.after.rssKiB - r.before.rssKiB) / idle.receivers).toFixed(1)).join(', ')}; ` +
          `heap rounds ${idle.rounds.map((r) => ((r.after.heapUsedKiB - r.before.heapUsedKiB) / idle.receivers).toFixed(1)).join(', ')}); ` +
          `load ${load}`,
      );
    } finally {
      await child.stop();
    }
  };
  if (values.db === 'postgres') await withBenchDatabase(benchServerUrl(), run);
  else await run(undefined);
}

/** SIGUSR2 makes the server write Heap-<…>.heapsnapshot into DIR; it answers nothing until it is written. */
async function snapshot(child: Child<ServeInfo>, dir: string | undefined) {
  if (!dir) return;
  process.kill(child.pid, 'SIGUSR2');
  for (let attempt = 1; ; attempt += 1) {
    try {
      await settledMemory(child);
      return;
    } catch (error) {
      if (attempt === SNAPSHOT_ATTEMPTS) throw error;
    }
  }
}

await runBounded('bench:idle', WATCHDOG_MS, main);

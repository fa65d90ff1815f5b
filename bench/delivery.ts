/**
 * npm run bench:delivery — how fast a sent document reaches its receivers, what an idle receiver
 * costs in server memory, and how many documents per second 10 senders get through; on embedded
 * PGlite and on PostgreSQL, beside a bare graphql-yoga baseline measured in the same run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { BASELINE, benchBaseline, type BaselineResult, type Load } from './baseline.js';
import { cleanUpEverything } from './cleanup.js';
import { benchServerUrl, withBenchDatabase } from './database.js';
import {
  benchKonekt,
  COMPANIES,
  MEMORY,
  RECEIVER_COUNTS,
  SENDS_PER_SCENARIO,
  THROUGHPUT,
  type KonektResult,
  type LatencyResult,
} from './konekt.js';
import { ms, table } from './stats.js';

const WATCHDOG_MS = 20 * 60_000;

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  totalMemoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  node: process.version,
  os: `${os.type()} ${os.release()}`,
};

const rate = (perSecond: number) => perSecond.toFixed(1);
const ratio = (value: number) => `${value.toFixed(2)}×`;

function printMachine(load: string) {
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, ${machine.os}`);
  console.log(`Node ${machine.node}; all times in ms, median and p99 (nearest rank)`);
  console.log(`Load average at start: ${load} (other processes on these cores skew every number)\n`);
}

const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

function printBaseline(baseline: BaselineResult) {
  const row = (name: string, load: Load) => [
    name,
    String(load.requests),
    ms(load.latency.medianMs),
    ms(load.latency.p99Ms),
    rate(load.requestsPerSecond),
  ];
  console.log('Baseline: bare graphql-yoga (one-field schema, child process) answering { __typename }');
  console.log(
    table(
      ['clients', 'requests', 'median', 'p99', 'req/s'],
      [row('1', baseline.sequential), row(String(BASELINE.clients), baseline.concurrent)],
    ),
  );
  console.log();
}

function latencyRow(result: LatencyResult, baseline: BaselineResult): string[] {
  const arrival = result.sendToArrival;
  return [
    String(result.receivers),
    String(result.companies),
    String(arrival.count),
    ms(arrival.medianMs),
    ms(arrival.p99Ms),
    String(arrival.clamped),
    ratio(arrival.medianMs / baseline.concurrent.latency.medianMs),
    ms(result.requestToArrival.medianMs),
    ms(result.requestToArrival.p99Ms),
    ms(result.sendRoundTrip.medianMs),
    ms(result.sendRoundTrip.p99Ms),
  ];
}

function printKonekt(title: string, result: KonektResult, baseline: BaselineResult) {
  console.log(`Konekt on ${title}`);
  console.log(
    table(
      [
        'receivers',
        'companies',
        'samples',
        'response→arrival median',
        'p99',
        'clamped',
        '÷ baseline',
        'request→arrival median',
        'p99',
        'sendDocument median',
        'p99',
      ],
      result.latency.map((row) => latencyRow(row, baseline)),
    ),
  );
  const { throughput, memory } = result;
  console.log(
    `${throughput.senders} concurrent senders, ${throughput.documents} documents: ` +
      `${rate(throughput.sentPerSecond)} docs/s sent (${ratio(throughput.sentPerSecond / baseline.concurrent.requestsPerSecond)} ` +
      `baseline req/s), ${rate(throughput.deliveredPerSecond)} docs/s delivered`,
  );
  const growth = memory.rounds.map((r) => ((r.after.rssKiB - r.before.rssKiB) / memory.receivers).toFixed(1));
  console.log(
    `${memory.receivers} idle receivers: ${memory.rssPerReceiverKiB.toFixed(1)} KiB of server RSS each ` +
      `(rounds: ${growth.join(', ')}), ${memory.heapUsedPerReceiverKiB.toFixed(1)} KiB of V8 heap each\n`,
  );
}

function printNotes() {
  console.log(
    [
      'response→arrival: from the sender having the whole sendDocument response to the event at each receiver,',
      `  both read with performance.now() in this process; ${SENDS_PER_SCENARIO} sequential sends per row, spread over the companies,`,
      '  each waiting for all receivers of its company. Negative values (the event was handled before the',
      '  response) are clamped to 0: "clamped" counts them.',
      `÷ baseline: response→arrival median over the baseline median with ${BASELINE.clients} clients.`,
      'request→arrival: the same arrivals, from the start of the sendDocument request (never negative).',
      'idle receivers: growth of the server VmRSS (after a settle and gc, read until it holds still) while the',
      `  receivers are connected and subscribed, divided by their number; median of ${MEMORY.rounds} rounds.`,
    ].join('\n'),
  );
}

async function writeResults(results: object): Promise<string> {
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const file = new URL(`delivery-${stamp}.json`, dir);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file.pathname;
}

async function main() {
  const serverUrl = benchServerUrl();
  const loadAtStart = loadAverage();
  printMachine(loadAtStart);
  const baseline = await benchBaseline();
  printBaseline(baseline);
  const pglite = await benchKonekt(undefined);
  printKonekt('embedded PGlite (in memory, inside the server process)', pglite, baseline);
  const postgres = await withBenchDatabase(serverUrl, (url) => benchKonekt(url));
  printKonekt(`PostgreSQL (${new URL(serverUrl).host}, fresh database)`, postgres, baseline);
  printNotes();
  const loadAtEnd = loadAverage();
  console.log(`Load average at end: ${loadAtEnd}`);
  const file = await writeResults({
    date: new Date().toISOString(),
    machine,
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    settings: {
      companies: COMPANIES,
      receiverCounts: RECEIVER_COUNTS,
      sendsPerScenario: SENDS_PER_SCENARIO,
      throughput: THROUGHPUT,
      memory: MEMORY,
      baseline: BASELINE,
    },
    baseline,
    konekt: { pglite, postgres },
  });
  console.log(`\nResults written to ${file}`);
}

// Bounded even if something hangs: give up, stop the children and drop the database.
const abort = (reason: string, code: number) => {
  console.error(`bench:delivery: ${reason}`);
  void cleanUpEverything().finally(() => process.exit(code));
};
const watchdog = setTimeout(() => abort(`still running after ${WATCHDOG_MS / 60_000} min`, 1), WATCHDOG_MS);
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
try {
  await main();
} finally {
  clearTimeout(watchdog);
}

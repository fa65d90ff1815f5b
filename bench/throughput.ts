/**
 * npm run bench — every performance target of issue 11 beside the floor it is held against, on
 * embedded PGlite and on PostgreSQL, in one run: bare graphql-yoga (the HTTP + GraphQL floor), the
 * SQL Konekt sends replayed without HTTP or GraphQL (the SQL floor), and Konekt as `npm start` runs
 * it, loaded by autocannon from a process of its own. `--quick` for a smoke run.
 */
import { runBounded } from './cleanup.js';
import { benchServerUrl, withBenchDatabase } from './database.js';
import { measureFloors, type FloorResult } from './floors.js';
import type { LoadResult } from './load.js';
import { loadAverage, machine, printMachine, writeResults } from './report.js';
import { readSettings, type Settings } from './settings.js';
import { measureStartup, type Start } from './startup.js';
import { ms, table } from './stats.js';
import {
  compositeLimit,
  printVerdicts,
  verdicts,
  type DatabaseKind,
  type DatabaseRun,
  type Verdict,
} from './targets.js';
import { benchKonektThroughput, measureYoga } from './throughput-konekt.js';
import { idleWebSocketFloor, type IdleResult } from './throughput-receivers.js';

const WATCHDOG_MS = 45 * 60_000;
const TITLES: Record<DatabaseKind, string> = {
  pglite: 'embedded PGlite (data directory, inside the server process)',
  postgres: 'PostgreSQL (fresh database)',
};

async function benchDatabase(kind: DatabaseKind, settings: Settings, serverUrl: string): Promise<DatabaseRun> {
  const onServer = <T>(run: (databaseUrl: string | undefined) => Promise<T>) =>
    kind === 'postgres' ? withBenchDatabase(serverUrl, run) : run(undefined);
  const step = (name: string) => console.log(`  ${new Date().toISOString().slice(11, 19)} ${kind}: ${name}`);
  step('bare graphql-yoga');
  const yoga = await measureYoga(settings);
  step('bare ws, idle connections');
  const wsFloor = await idleWebSocketFloor(settings);
  step('Konekt');
  const konekt = await onServer((databaseUrl) => benchKonektThroughput(databaseUrl, settings));
  step('SQL floors');
  const floors = await onServer((databaseUrl) =>
    measureFloors({
      ...(databaseUrl ? { databaseUrl } : {}),
      connections: settings.connections,
      seconds: settings.seconds,
      warmUpSeconds: settings.warmUpSeconds,
      maxPerCompany: settings.maxPerCompany,
    }),
  );
  step('npm start');
  const startup = await measureStartup(kind === 'postgres' ? serverUrl : undefined, settings.startups);
  return { yoga, konekt, floors, wsFloor, startup };
}

const rate = (value: number) => Math.round(value).toLocaleString('en');
const perReceiver = (idle: IdleResult) =>
  `${idle.rssPerReceiverKiB.toFixed(1)} KiB RSS, ${idle.heapUsedPerReceiverKiB.toFixed(1)} KiB heap each ` +
  `(RSS rounds: ${idle.rounds.map((r) => ((r.after.rssKiB - r.before.rssKiB) / idle.receivers).toFixed(1)).join(', ')})`;
const starts = (name: string, list: Start[]) =>
  `${name} ${list.map((s) => `${rate(s.totalMs)} (${s.serverMs}; CPU ${rate(s.cpuMs)})`).join(', ')}`;

function printDetails(kind: DatabaseKind, run: DatabaseRun) {
  const { yoga, konekt, floors, wsFloor, startup } = run;
  const http = (name: string, load: LoadResult & { serverCpuMsPerRequest?: number }, sql?: FloorResult) => [
    name,
    rate(load.perSecond),
    load.serverCpuMsPerRequest === undefined ? '' : load.serverCpuMsPerRequest.toFixed(3),
    ms(load.latency.p50Ms),
    ms(load.latency.p99Ms),
    sql ? rate(sql.perSecond) : '',
    sql ? ms(sql.latency.medianMs) : '',
    sql ? ms(sql.latency.p99Ms) : '',
    sql ? rate(compositeLimit(yoga.perSecond, sql.perSecond)) : '',
  ];
  console.log(`Details on ${TITLES[kind]} (HTTP latency from autocannon, whole ms)`);
  console.log(
    table(
      ['operation', 'req/s', 'server CPU ms/req', 'p50', 'p99', 'SQL floor/s', 'SQL median', 'SQL p99', 'L/s'],
      [
        http('bare yoga { hello }', yoga),
        http('{ __typename }', konekt.typename),
        http('documents(first: 10)', konekt.documents, floors.pageRead),
        http('sendDocument, one company', konekt.sendOneCompany, floors.sendOneCompany),
        http('sendDocument, ten companies', konekt.sendTenCompanies, floors.sendTenCompanies),
        http(`sendDocument during live delivery`, konekt.live.sends),
      ],
    ),
  );
  const { catchUp, live, idle } = konekt;
  console.log(
    [
      `live: ${live.arrivals} arrivals, request→arrival median ${ms(live.requestToArrival.medianMs)} ms, ` +
        `p99 ${ms(live.requestToArrival.p99Ms)} ms`,
      `catch-up: subscription ${catchUp.subscription.seconds.toFixed(1)} s, ` +
        `${catchUp.pages.pages} pages in ${catchUp.pages.seconds.toFixed(1)} s`,
      `idle receivers: ${perReceiver(idle)}; bare ws connections: ${perReceiver(wsFloor)}`,
      `npm start (total ms, of which the server's own and the CPU of the whole start in brackets): ${starts('fresh', startup.fresh)}; ` +
        `${starts('existing', startup.existing)}; ${starts('without npm', startup.withoutNpm)}`,
    ].join('\n'),
  );
  console.log();
}

async function main() {
  const settings = readSettings(process.argv.slice(2));
  const serverUrl = benchServerUrl();
  const loadAtStart = loadAverage();
  printMachine(loadAtStart);
  console.log(
    `${settings.quick ? 'QUICK smoke run (figures not comparable to the targets). ' : ''}` +
      `${settings.connections} connections, ${settings.seconds} s per measured run after ${settings.warmUpSeconds} s of warm-up\n`,
  );
  const runs: Partial<Record<DatabaseKind, DatabaseRun>> = {};
  const judged: Partial<Record<DatabaseKind, Verdict[]>> = {};
  for (const kind of settings.databases) {
    const run = await benchDatabase(kind, settings, serverUrl);
    runs[kind] = run;
    judged[kind] = verdicts(kind, run, settings);
    console.log();
    printDetails(kind, run);
    printVerdicts(`Targets on ${TITLES[kind]}`, judged[kind]);
  }
  const loadAtEnd = loadAverage();
  console.log(`Load average at end: ${loadAtEnd}. L = 1 / (1/yoga + 1/SQL floor).`);
  const file = await writeResults(settings.quick ? 'throughput-quick' : 'throughput', {
    date: new Date().toISOString(),
    machine,
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    settings,
    runs,
    verdicts: judged,
  });
  console.log(`Results written to ${file}`);
}

await runBounded('bench', WATCHDOG_MS, main);

/**
 * npm run bench:cluster — three Konekt servers on one PostgreSQL database and Redis behind HAProxy:
 * idle receivers spread over them, 10 senders, delivery p50/p99 and server memory per receiver; beside
 * the same load on one server alone, in the same run and on the same database.
 *
 *   npm run bench:cluster -- [--receivers N] [--documents N]
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startHaproxy, type Balancer } from '../test/helpers/haproxy.js';
import { startServer, type Child } from './children.js';
import { registerCleanup, runBounded } from './cleanup.js';
import { benchServerUrl, withBenchDatabase } from './database.js';
import { Fleet, limitsForFleet } from './fleet.js';
import { sendDocument } from './graphql.js';
import { settledMemory, type Idle } from './konekt.js';
import { loadAverage, machine, printMachine, writeResults } from './report.js';
import type { SeededCompany } from './seed.js';
import type { ServeInfo } from './serve.js';
import { stampedNumber } from './stamps.js';
import { ms, table, type Summary } from './stats.js';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const SERVERS = 3;
const COMPANIES = 100;
const SENDERS = 10;
/**
 * Connections one haproxy process may hold: each takes two descriptors (client and server side),
 * and this machine allows a process 20,000. More receivers than this get a second balancer, as a
 * larger deployment would run two.
 */
const PER_BALANCER = 8_000;
const WATCHDOG_MS = 30 * 60_000;
const START_TIMEOUT_MS = 180_000;
const DELIVERY_TIMEOUT_MS = 120_000;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { receivers: { type: 'string' }, documents: { type: 'string' } },
});
const RECEIVERS = Number(values.receivers ?? 10_000);
const DOCUMENTS = Number(values.documents ?? 500);
if (!(RECEIVERS >= COMPANIES && RECEIVERS % COMPANIES === 0)) throw new Error('--receivers: a multiple of 100');
if (!(DOCUMENTS >= SENDERS && DOCUMENTS % SENDERS === 0)) throw new Error('--documents: a multiple of 10');

interface ServerMemory {
  server: string;
  receivers: number;
  before: Idle;
  after: Idle;
  /** Null for a server that holds no receiver. */
  rssPerReceiverKiB: number | null;
  heapUsedPerReceiverKiB: number | null;
}

interface Scenario {
  name: string;
  servers: number;
  receivers: number;
  memory: ServerMemory[];
  delivery: {
    documents: number;
    senders: number;
    arrivals: number;
    /** From the building of the sendDocument request to each receiver's event. */
    requestToArrival: Summary;
    sentPerSecond: number;
    deliveredPerSecond: number;
  };
}

async function startServers(databaseUrl: string): Promise<Child<ServeInfo>[]> {
  const env = {
    ...process.env,
    ...limitsForFleet(RECEIVERS),
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  };
  // The first migrates the fresh database and seeds the companies; the others find them there.
  const first = await startServer(SERVE, { ...env, BENCH_COMPANIES: String(COMPANIES) }, START_TIMEOUT_MS);
  const others = await Promise.all(
    Array.from({ length: SERVERS - 1 }, () => startServer(SERVE, { ...env, BENCH_COMPANIES: '0' }, START_TIMEOUT_MS)),
  );
  return [first, ...others];
}

/** Receivers spread evenly over the companies, each after its company's last event. */
async function startFleet(
  cursorsUrl: string,
  companies: SeededCompany[],
  wsUrls: string[],
  receivers = RECEIVERS,
): Promise<Fleet> {
  const response = await fetch(cursorsUrl, { signal: AbortSignal.timeout(10_000) });
  const cursors = (await response.json()) as Record<string, number>;
  return Fleet.start({
    wsUrl: wsUrls[0]!,
    wsUrls,
    receivers,
    companies: companies.map((c) => ({ nip: c.nip, token: c.receiverToken, after: cursors[c.nip]! })),
  });
}

let documents = 0;

/** One document per company, each reaching all its receivers: every subscription is live. */
async function proveLive(fleet: Fleet, url: string, companies: SeededCompany[], receivers = RECEIVERS): Promise<void> {
  await fleet.reset();
  for (const company of companies) await sendDocument(url, company, `PROBE/${(documents += 1)}`);
  await fleet.waitForArrivals(receivers, DELIVERY_TIMEOUT_MS);
  await fleet.reset();
}

/** SENDERS senders, each sending its share one after another over the companies in turn. */
async function deliver(fleet: Fleet, url: string, companies: SeededCompany[]): Promise<Scenario['delivery']> {
  await fleet.reset();
  const perCompany = RECEIVERS / companies.length;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, sender) => {
      for (let i = 0; i < DOCUMENTS / SENDERS; i += 1) {
        const company = companies[(sender + i * SENDERS) % companies.length]!;
        await sendDocument(url, company, stampedNumber(`CLUSTER/${(documents += 1)}`));
      }
    }),
  );
  const sentSeconds = (performance.now() - started) / 1000;
  const summary = await fleet.waitForArrivals(DOCUMENTS * perCompany, DELIVERY_TIMEOUT_MS);
  const deliveredSeconds = (performance.now() - started) / 1000;
  return {
    documents: DOCUMENTS,
    senders: SENDERS,
    arrivals: summary.arrivals,
    requestToArrival: summary.requestToArrival!,
    sentPerSecond: DOCUMENTS / sentSeconds,
    deliveredPerSecond: DOCUMENTS / deliveredSeconds,
  };
}

async function scenario(
  name: string,
  servers: Child<ServeInfo>[],
  entry: { sendUrl: string; wsUrls: string[] },
  receiversOn: () => Promise<number[]>,
): Promise<Scenario> {
  const { companies, cursorsUrl } = servers[0]!.info;
  const before = await Promise.all(servers.map((server) => settledMemory(server)));
  const fleet = await startFleet(cursorsUrl, companies, entry.wsUrls);
  try {
    await proveLive(fleet, entry.sendUrl, companies);
    const after = await Promise.all(servers.map((server) => settledMemory(server)));
    const held = await receiversOn();
    const memory = servers.map((server, i) => ({
      server: new URL(server.info.url).host,
      receivers: held[i]!,
      before: before[i]!,
      after: after[i]!,
      rssPerReceiverKiB: held[i] ? (after[i]!.rssKiB - before[i]!.rssKiB) / held[i] : null,
      heapUsedPerReceiverKiB: held[i] ? (after[i]!.heapUsedKiB - before[i]!.heapUsedKiB) / held[i] : null,
    }));
    const delivery = await deliver(fleet, entry.sendUrl, companies);
    return { name, servers: servers.length, receivers: RECEIVERS, memory, delivery };
  } finally {
    await fleet.stop();
  }
}

/**
 * A few receivers on every server, each company's document sent through each server: code that runs
 * for the first time is compiled once, and that must not count as the measured receivers' memory.
 */
async function warmUp(servers: Child<ServeInfo>[]): Promise<void> {
  const { companies, cursorsUrl } = servers[0]!.info;
  const wsUrls = servers.map((server) => server.info.wsUrl);
  const fleet = await startFleet(cursorsUrl, companies, wsUrls, companies.length * servers.length);
  try {
    for (const server of servers) await proveLive(fleet, server.info.url, companies, companies.length * servers.length);
  } finally {
    await fleet.stop();
  }
}

/** Receivers each server holds: the balancers' open connections to it, added up. */
async function heldThrough(balancers: Balancer[]): Promise<number[]> {
  const counts = Array<number>(SERVERS).fill(0);
  for (const balancer of balancers) {
    for (const server of await balancer.servers()) counts[Number(server.name.slice(1))]! += server.current;
  }
  return counts;
}

const mib = (kib: number) => (kib / 1024).toFixed(0);

function print(result: Scenario) {
  const { delivery } = result;
  console.log(`${result.name}: ${result.receivers} idle receivers on ${result.servers} server(s)`);
  console.log(
    table(
      ['server', 'receivers', 'heap KiB/receiver', 'RSS MiB before → after'],
      result.memory.map((m) => [
        m.server,
        String(m.receivers),
        m.heapUsedPerReceiverKiB?.toFixed(1) ?? '-',
        `${mib(m.before.rssKiB)} → ${mib(m.after.rssKiB)}`,
      ]),
    ),
  );
  console.log(
    `${delivery.senders} senders, ${delivery.documents} documents, ${delivery.arrivals} arrivals: ` +
      `request→arrival p50 ${ms(delivery.requestToArrival.medianMs)}, p99 ${ms(delivery.requestToArrival.p99Ms)}; ` +
      `${delivery.sentPerSecond.toFixed(1)} docs/s sent, ${delivery.deliveredPerSecond.toFixed(1)} docs/s delivered\n`,
  );
}

async function main() {
  const loadAtStart = loadAverage();
  printMachine(loadAtStart);
  const results = await withBenchDatabase(benchServerUrl(), async (databaseUrl) => {
    const servers = await startServers(databaseUrl);
    const balancers: Balancer[] = [];
    try {
      await warmUp(servers);
      const alone = servers[0]!.info;
      const single = await scenario(
        'One server, the others idle',
        servers,
        {
          sendUrl: alone.url,
          wsUrls: [alone.wsUrl],
        },
        () => Promise.resolve(servers.map((_, i) => (i === 0 ? RECEIVERS : 0))),
      );
      print(single);

      const needed = Math.ceil(RECEIVERS / PER_BALANCER);
      for (let i = 0; i < needed; i += 1) {
        const balancer = await startHaproxy(
          servers.map((server) => server.info.url),
          PER_BALANCER + 1000,
        );
        balancers.push(balancer);
        registerCleanup(() => balancer.stop());
        await balancer.waitForUp(SERVERS);
      }
      const cluster = await scenario(
        `Three servers behind ${needed} HAProxy process(es)`,
        servers,
        {
          sendUrl: balancers[0]!.url,
          wsUrls: balancers.map((balancer) => balancer.url.replace(/^http/, 'ws')),
        },
        () => heldThrough(balancers),
      );
      print(cluster);
      return { single, cluster, balancers: needed };
    } finally {
      for (const balancer of balancers) await balancer.stop();
      await Promise.all(servers.map((server) => server.stop()));
    }
  });
  const loadAtEnd = loadAverage();
  console.log(
    [
      'heap KiB/receiver: growth of the V8 heap in use (after gc) once the receivers are connected, subscribed',
      '  and proven live, divided by the receivers that server holds. RSS (read until it holds still) is shown',
      '  whole: here it can fall while receivers connect, as memory the warm-up left is given back, so its growth',
      '  per receiver is no measure; `npm run bench` measures that over two rounds of idle receivers.',
      'request→arrival: from the building of the sendDocument request to the event at each receiver of its company',
      `  (${RECEIVERS / COMPANIES} per company), one clock; the senders send through the same entry as the receivers.`,
      `Load average at end: ${loadAtEnd}`,
    ].join('\n'),
  );
  const file = await writeResults('cluster', {
    date: new Date().toISOString(),
    machine,
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    settings: { servers: SERVERS, companies: COMPANIES, receivers: RECEIVERS, senders: SENDERS, documents: DOCUMENTS },
    ...results,
  });
  console.log(`\nResults written to ${file}`);
}

await runBounded('bench:cluster', WATCHDOG_MS, main);

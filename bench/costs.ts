/**
 * npm run bench:costs — what one sent document costs the shared services: PostgreSQL transactions and
 * rows written (pg_stat_database, pg_stat_user_tables), reads per delivery with live receivers, the
 * idle receivers' own reads, idle office subscriptions' reads, and Redis commands (a private
 * redis-server, so no other client counts).
 */
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';
import { deadPort } from '../test/helpers/ports.js';
import { startServer } from './children.js';
import { registerCleanup, runBounded } from './cleanup.js';
import { benchServerUrl, withBenchDatabase } from './database.js';
import { Fleet, limitsForFleet } from './fleet.js';
import { sendDocument } from './graphql.js';
import { connectReceiver, type Receiver } from './receivers.js';
import { loadAverage, machine, printMachine, writeResults } from './report.js';

const run = promisify(execFile);
const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const COMPANIES = 10;
const RECEIVERS_PER_COMPANY = 10;
const DOCUMENTS = 200;
const IDLE_SECONDS = 30;
/** Idle subscriptions of one accounting office serving every company. */
const OFFICE_SUBSCRIPTIONS = 10;
const OFFICE_FOLLOW = `subscription ($after: String) {
  officeDocumentEvents(after: $after) { cursor event { document { number } } }
}`;
/** An idle backend reports its statistics within 10 s (PGSTAT_IDLE_INTERVAL); a little more. */
const STATS_DELAY_MS = 11_500;

type Counters = Record<string, number>;

async function startRedis(): Promise<{ url: string; port: number; stop(): void }> {
  const port = await deadPort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const stop = () => void child.kill('SIGKILL');
  const unregister = registerCleanup(() => Promise.resolve(stop()));
  const answers = () =>
    redisStats(port).then(
      () => true,
      () => false,
    );
  for (let i = 0; i < 50; i += 1) {
    if (await answers()) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () => {
          unregister();
          stop();
        },
      };
    }
    await sleep(100);
  }
  throw new Error('redis-server did not start');
}

/** Calls per command since the start (INFO commandstats). */
async function redisStats(port: number): Promise<Counters> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'info', 'commandstats']);
  const counters: Counters = {};
  for (const match of stdout.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) counters[match[1]!] = Number(match[2]);
  return counters;
}

/** The database's counters, and rows inserted and updated per table, once every backend has reported. */
async function postgresStats(databaseUrl: string): Promise<Counters> {
  await sleep(STATS_DELAY_MS);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const database = await client.query<Record<string, string>>(
      `SELECT xact_commit, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted
       FROM pg_stat_database WHERE datname = current_database()`,
    );
    const tables = await client.query<{ relname: string; n_tup_ins: string; n_tup_upd: string }>(
      'SELECT relname, n_tup_ins, n_tup_upd FROM pg_stat_user_tables',
    );
    const counters: Counters = {};
    for (const [key, value] of Object.entries(database.rows[0]!)) counters[key] = Number(value);
    for (const row of tables.rows) {
      counters[`inserted into ${row.relname}`] = Number(row.n_tup_ins);
      counters[`updated in ${row.relname}`] = Number(row.n_tup_upd);
    }
    return counters;
  } finally {
    await client.end();
  }
}

/** (after − before) ÷ per, for the counters that moved. */
function perUnit(before: Counters, after: Counters, per: number): Counters {
  const result: Counters = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0) result[key] = Number((delta / per).toFixed(2));
  }
  return result;
}

async function measure(databaseUrl: string) {
  const redis = await startRedis();
  const child = await startServer(
    SERVE,
    {
      ...process.env,
      ...limitsForFleet(COMPANIES * RECEIVERS_PER_COMPANY),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      BENCH_COMPANIES: String(COMPANIES),
      BENCH_OFFICE: '1',
    },
    180_000,
  );
  let sent = 0;
  const sendAll = async () => {
    for (let i = 0; i < DOCUMENTS; i += 1) {
      await sendDocument(child.info.url, child.info.companies[i % COMPANIES]!, `COST/${(sent += 1)}`);
    }
  };
  /**
   * Counters moved by `work`, divided by `per`, or by the seconds between the two readings (the
   * work's and the wait before the second reading: the server keeps polling through both).
   */
  const phase = async (work: () => Promise<unknown>, per: number | 'second') => {
    const pgBefore = await postgresStats(databaseUrl);
    const readBefore = performance.now();
    const redisBefore = await redisStats(redis.port);
    await work();
    const pgAfter = await postgresStats(databaseUrl);
    const readAfter = performance.now();
    const redisAfter = await redisStats(redis.port);
    const divisor = per === 'second' ? (readAfter - readBefore) / 1000 : per;
    return { postgres: perUnit(pgBefore, pgAfter, divisor), redis: perUnit(redisBefore, redisAfter, divisor) };
  };
  try {
    // Once unmeasured: the first sends warm the server's caches (tokens, plans).
    await sendAll();
    const perDocument = await phase(sendAll, DOCUMENTS);
    const cursors = (await (await fetch(child.info.cursorsUrl)).json()) as Record<string, number>;
    const receivers = COMPANIES * RECEIVERS_PER_COMPANY;
    const fleet = await Fleet.start({
      wsUrl: child.info.wsUrl,
      receivers,
      companies: child.info.companies.map((c) => ({ nip: c.nip, token: c.receiverToken, after: cursors[c.nip]! })),
    });
    try {
      const withReceivers = await phase(async () => {
        await sendAll();
        await fleet.waitForArrivals(DOCUMENTS * RECEIVERS_PER_COMPANY, 60_000);
      }, DOCUMENTS);
      const idle = await phase(() => sleep(IDLE_SECONDS * 1000), 'second');
      const offices = await connectOffices(child.info.wsUrl, child.info.office!.token, child.info.cursorsUrl);
      try {
        const idleWithOffices = await phase(() => sleep(IDLE_SECONDS * 1000), 'second');
        return {
          perDocument,
          withReceivers,
          idlePerSecond: idle,
          idleWithOfficesPerSecond: idleWithOffices,
          receivers,
        };
      } finally {
        await Promise.all(offices.map((office) => office.close()));
      }
    } finally {
      await fleet.stop();
    }
  } finally {
    await child.stop();
    redis.stop();
  }
}

/** The office's subscriptions, each once it has replayed every event so far (then idle). */
async function connectOffices(wsUrl: string, token: string, cursorsUrl: string): Promise<Receiver[]> {
  const cursors = (await (await fetch(cursorsUrl)).json()) as Record<string, number>;
  const events = Object.values(cursors).reduce((sum, last) => sum + last, 0) * OFFICE_SUBSCRIPTIONS;
  let arrived = 0;
  let failure: string | undefined;
  const sink = { arrived: () => void (arrived += 1), failed: (reason: string) => void (failure ??= reason) };
  const stream = { query: OFFICE_FOLLOW, numberOf: () => '' };
  const offices: Receiver[] = [];
  try {
    for (let i = 0; i < OFFICE_SUBSCRIPTIONS; i += 1)
      offices.push(await connectReceiver(wsUrl, token, null, sink, 60_000, stream));
    const deadline = performance.now() + 60_000;
    while (arrived < events) {
      if (failure) throw new Error(`an office subscription failed: ${failure}`);
      if (performance.now() > deadline) throw new Error(`the offices replayed ${arrived} of ${events} events`);
      await sleep(100);
    }
    return offices;
  } catch (error) {
    await Promise.all(offices.map((office) => office.close()));
    throw error;
  }
}

async function main() {
  const loadAtStart = loadAverage();
  printMachine(loadAtStart);
  const result = await withBenchDatabase(benchServerUrl(), measure);
  console.log(`Per document sent (${DOCUMENTS} sends, no receiver):`, result.perDocument);
  console.log(
    `Per document sent with ${RECEIVERS_PER_COMPANY} live receivers per company (${result.receivers} in all):`,
    result.withReceivers,
  );
  console.log(`Per second with ${result.receivers} idle receivers:`, result.idlePerSecond);
  console.log(
    `Per second with them and ${OFFICE_SUBSCRIPTIONS} idle subscriptions of an office serving the ${COMPANIES} companies:`,
    result.idleWithOfficesPerSecond,
  );
  const file = await writeResults('costs', {
    date: new Date().toISOString(),
    machine,
    loadAverage: { start: loadAtStart, end: loadAverage() },
    settings: {
      companies: COMPANIES,
      receiversPerCompany: RECEIVERS_PER_COMPANY,
      documents: DOCUMENTS,
      idleSeconds: IDLE_SECONDS,
      officeSubscriptions: OFFICE_SUBSCRIPTIONS,
    },
    ...result,
  });
  console.log(`\nResults written to ${file}`);
}

await runBounded('bench:costs', 10 * 60_000, main);

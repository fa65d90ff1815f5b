/**
 * SQL floors (spec: argv[2], see floors.ts). A Konekt app is built on the database only to capture
 * the exact statements it sends for a page read and for a send (Prisma's query log and the driver
 * path of src/db/index.ts); those statements are then replayed over `pg` connections, or on the
 * PGlite instance in this process, while the app stays idle. Prints the Floors as one JSON line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { sampleInvoice } from '../packages/client/src/sample.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Prisma, type SqlQuery } from '../src/db/index.js';
import { runOnPGlite, runOnPool } from '../src/db/statements.js';
import { validateDocument } from '../src/documents/validation.js';
import type { FloorResult, Floors, FloorSpec } from './floors.js';
import { DOCUMENTS_PAGE, postGraphQL, sendDocument } from './graphql.js';
import { seedCompanies, type SeededCompany } from './seed.js';
import { summarize } from './stats.js';
import { DEFAULT_MAX_BODY_BYTES } from '../src/config.js';

interface Statement {
  sql: string;
  params: unknown[];
  /** Sent by the driver path, which runs it as a prepared statement (src/db/statements.ts). */
  prepared?: boolean;
}

const spec = JSON.parse(process.argv[2]!) as FloorSpec;
const READ_DOCUMENTS = 20;

const dataDir = await mkdtemp(path.join(tmpdir(), 'konekt-floor-'));
const pglite = spec.databaseUrl ? undefined : new PGlite(path.join(dataDir, 'db'));
const ignore = () => undefined;
const database = await openDatabase(
  pglite ? { pglite, onQuery: ignore } : { databaseUrl: spec.databaseUrl!, onQuery: ignore },
);
let captured: Statement[] | undefined;
// openDatabase turned the query log on for onQuery; this listener also gets the parameters.
const queryLog = database.prisma as unknown as { $on(event: 'query', listener: (e: Prisma.QueryEvent) => void): void };
queryLog.$on('query', (event) => captured?.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
// The hot statements skip Prisma (src/db/index.ts): they are caught on their way to the driver.
const sql: SqlQuery = (query) => {
  captured?.push({ sql: query.text, params: query.values, prepared: true });
  return database.sql(query);
};
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', DATA_DIR: dataDir });
const app = await buildApp(config, { database: { ...database, sql } });
const pgClients: pg.Client[] = [];
try {
  const [reader, warm, one, ...ten] = await seedCompanies(app.services.db, 13);
  const { url } = await app.start();

  /** The statements one request sends, once the program's token is in the server's cache. */
  const captureOf = async (request: () => Promise<unknown>) => {
    const statements: Statement[] = [];
    captured = statements;
    try {
      await request();
    } finally {
      captured = undefined;
    }
    if (statements.length === 0) throw new Error('no statement captured');
    return statements;
  };

  for (let i = 0; i < READ_DOCUMENTS; i += 1) await sendDocument(url, reader!, `FLOOR/READ/${i}`);
  await postGraphQL(url, DOCUMENTS_PAGE, undefined, reader!.receiverToken);
  const pageRead = await captureOf(() => postGraphQL(url, DOCUMENTS_PAGE, undefined, reader!.receiverToken));
  const sends = new Map<SeededCompany, SendTemplate>();
  for (const company of [warm!, one!, ...ten]) sends.set(company, await captureSend(company));

  const runOn = await connect();
  const measure = (seconds: number, workers: number, next: (worker: number) => Statement[] | undefined) =>
    closedLoop(seconds, workers, next, runOn);
  const repeat = (statements: Statement[]) => () => statements;
  const sendsOf = (company: SeededCompany) => sends.get(company)!.instances(spec.maxPerCompany);
  const shared = (instances: Statement[][]) => () => instances.pop();

  await measure(spec.warmUpSeconds, spec.connections, repeat(pageRead));
  const pageFloor = await measure(spec.seconds, spec.connections, repeat(pageRead));
  await measure(spec.warmUpSeconds, spec.connections, shared(sendsOf(warm!)));
  const oneFloor = await measure(spec.seconds, spec.connections, shared(sendsOf(one!)));
  const perCompany = ten.map(sendsOf);
  const tenFloor = await measure(spec.seconds, ten.length, (worker) => perCompany[worker]!.pop());

  const floors: Floors = {
    statements: { pageRead: pageRead.map((s) => s.sql), send: sends.get(one!)!.statements.map((s) => s.sql) },
    pageRead: pageFloor,
    sendOneCompany: oneFloor,
    sendTenCompanies: tenFloor,
  };
  console.log(JSON.stringify(floors));

  interface SendTemplate {
    statements: Statement[];
    instances(count: number): Statement[][];
  }

  /**
   * The statements of one send, and a way to make more like it: the same statements with the
   * idempotency key, number, content and its hash of a new document in place of the captured ones.
   */
  async function captureSend(company: SeededCompany): Promise<SendTemplate> {
    await sendDocument(url, company, `FLOOR/${company.nip}/token`);
    const key = `FLOOR-KEY/${company.nip}`;
    const number = `FLOOR/${company.nip}/captured`;
    const statements = await captureOf(() => sendDocument(url, company, number, key));
    const original = variable(company, key, number);
    for (const value of Object.values(original)) {
      if (!statements.some((s) => s.params.includes(value))) {
        throw new Error(
          `the captured send no longer passes ${value.slice(0, 60)} as a parameter: update bench/floors-child.ts`,
        );
      }
    }
    const names = new Map(Object.entries(original).map(([name, value]) => [value as unknown, name as keyof Variable]));
    return {
      statements,
      instances: (count) =>
        Array.from({ length: count }, (_, i) => {
          const next = variable(company, `${key}/${i}`, `FLOOR/${company.nip}/${i}`);
          return statements.map(({ sql, params }) => ({
            sql,
            params: params.map((param) => {
              const name = names.get(param);
              return name ? next[name] : param;
            }),
          }));
        }),
    };
  }
} finally {
  await Promise.all(pgClients.map((client) => client.end()));
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
}

type Variable = ReturnType<typeof variable>;

/** What differs between two sends of the same sample invoice, as the server passes it to the database. */
function variable(company: SeededCompany, key: string, number: string) {
  const { content, contentHash } = validateDocument(
    sampleInvoice(company.nip, number),
    company,
    'HANDEL',
    DEFAULT_MAX_BODY_BYTES,
  );
  return { key, number, contentHash, content: JSON.stringify(content) };
}

/**
 * Runs a statement on the worker's own `pg` connection, or on the one PGlite instance (which queues
 * them), prepared where the server prepares it.
 */
async function connect(): Promise<(worker: number, statement: Statement) => Promise<unknown>> {
  if (pglite)
    return (_worker, s) => (s.prepared ? runOnPGlite(pglite, s.sql, s.params) : pglite.query(s.sql, s.params));
  const connections = Math.max(spec.connections, 10);
  for (let i = 0; i < connections; i += 1) {
    const client = new pg.Client({ connectionString: spec.databaseUrl });
    await client.connect();
    pgClients.push(client);
  }
  return (worker, s) =>
    s.prepared ? runOnPool(pgClients[worker]!, s.sql, s.params) : pgClients[worker]!.query(s.sql, s.params);
}

/** `workers` loops, each running its next operation as soon as the previous one is done, for `seconds`. */
async function closedLoop(
  seconds: number,
  workers: number,
  next: (worker: number) => Statement[] | undefined,
  runOn: (worker: number, statement: Statement) => Promise<unknown>,
): Promise<FloorResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let finished = started;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        const operation = next(worker);
        if (!operation) return;
        const begun = performance.now();
        for (const statement of operation) await runOn(worker, statement);
        finished = performance.now();
        latencies.push(finished - begun);
      }
    }),
  );
  const elapsed = (finished - started) / 1000;
  return {
    operations: latencies.length,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    latency: summarize(latencies),
  };
}

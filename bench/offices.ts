/**
 * npm run bench:offices — an accounting office serving 500 client companies through one
 * subscription: how soon a sent document reaches it, how fast it catches up by cursor after being
 * offline, how fast its clients send with and without it listening, and how large its cursor is;
 * on embedded PGlite and on PostgreSQL. BENCH_QUICK=1 (or --quick) sends fewer documents.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer, type Child } from './children.js';
import { runBounded } from './cleanup.js';
import { benchServerUrl, withBenchDatabase } from './database.js';
import { postGraphQL, sendDocument } from './graphql.js';
import { connectReceiver, Deliveries, type Receiver } from './receivers.js';
import type { SeededCompany } from './seed.js';
import type { ServeInfo } from './serve.js';
import { clampNegatives, ms, summarize, table, type Summary } from './stats.js';

const QUICK = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
export const SETTINGS = {
  quick: QUICK,
  companies: 500,
  latencySends: QUICK ? 300 : 1000,
  throughput: { senders: 10, documents: QUICK ? 1000 : 4000 },
  catchUp: { documents: QUICK ? 10_000 : 100_000, senders: 20, page: 500 },
};
const START_TIMEOUT_MS = 300_000;
const TIMEOUT_MS = 60_000;
const WATCHDOG_MS = (QUICK ? 30 : 90) * 60_000;

type OfficeItem = { officeDocumentEvents: { cursor: string; event: { document: { number: string } } } };

const FOLLOW_OFFICE = `subscription ($after: String) {
  officeDocumentEvents(after: $after) { cursor company { nip } event { sequence kind document { id number status } } }
}`;

/** What an importing program reads per event when it catches up: the document with its lines. */
const CATCH_UP_PAGE = `query ($after: String, $first: Int) {
  officeDocumentEvents(after: $after, first: $first) {
    pageInfo { endCursor hasNextPage }
    edges { node { company { id nip name } event { sequence kind version status document {
      id number type issueDate status state currency buyer { name nip } totals { netAmount vatAmount grossAmount }
      lines { name quantity unitNetPrice vatRate netAmount vatAmount grossAmount }
    } } } }
  }
}`;

type CatchUpPage = {
  officeDocumentEvents: { pageInfo: { endCursor: string; hasNextPage: boolean }; edges: unknown[] };
};

interface OfficeResult {
  latency: {
    sends: number;
    sendToArrival: Summary & { clamped: number };
    requestToArrival: Summary;
    sendRoundTrip: Summary;
  };
  throughput: {
    senders: number;
    documents: number;
    withOffice: number;
    /** The same documents, each company followed by its own accounting program instead (500 subscriptions). */
    withCompanyReceivers: number;
    withoutOffice: number;
    deliveredPerSecond: number;
  };
  catchUp: {
    events: number;
    query: { seconds: number; eventsPerSecond: number; pages: number };
    subscription: { seconds: number; eventsPerSecond: number };
  };
  cursor: { companies: number; characters: number; bytes: number; bytesPerCompany: number };
}

class OfficeBench {
  private readonly deliveries = new Deliveries();
  private documents = 0;
  /** The office's cursor after the last event its live subscription got. */
  private lastCursor: string | null = null;
  /** Events so far per company: a company's own receiver subscribes after them. */
  private readonly events = new Map<SeededCompany, number>();
  /** Documents sent before the office went offline for good. */
  private sentWhileOnline = 0;

  constructor(private readonly child: Child<ServeInfo>) {}

  private get office() {
    return this.child.info.office!;
  }

  /**
   * The office's live subscription. Once it is being closed it no longer moves the cursor: a
   * message already on the wire may still arrive, and it would count an event the office never processed.
   */
  private async connectOffice(): Promise<Receiver> {
    let open = true;
    const receiver = await connectReceiver<OfficeItem>(
      this.child.info.wsUrl,
      this.office.token,
      this.lastCursor,
      this.deliveries,
      TIMEOUT_MS,
      {
        query: FOLLOW_OFFICE,
        numberOf: (item) => {
          if (open) this.lastCursor = item.officeDocumentEvents.cursor;
          return item.officeDocumentEvents.event.document.number;
        },
      },
    );
    return {
      close: () => {
        open = false;
        return receiver.close();
      },
    };
  }

  /** One document; `watched` when the office is listening and its arrival is awaited. */
  private async send(company: SeededCompany, watched: boolean) {
    this.documents += 1;
    const number = `OFFICE/${this.documents}`;
    const arrived = watched ? this.deliveries.expect(number, 1, TIMEOUT_MS) : Promise.resolve([]);
    arrived.catch(() => undefined);
    const started = performance.now();
    try {
      await sendDocument(this.child.info.url, company, number);
    } catch (error) {
      this.deliveries.forget(number);
      throw error;
    }
    this.events.set(company, (this.events.get(company) ?? 0) + 1);
    return { started, responded: performance.now(), arrived };
  }

  /** Sequential sends round-robin over every company, each awaited at the office: latency, not queueing. */
  async latency(): Promise<OfficeResult['latency']> {
    const { companies } = this.child.info;
    const office = await this.connectOffice();
    try {
      // One per company first: every company's log is then followed and warm.
      for (const company of companies) await (await this.send(company, true)).arrived;
      const sinceResponse: number[] = [];
      const sinceRequest: number[] = [];
      const roundTrips: number[] = [];
      for (let i = 0; i < SETTINGS.latencySends; i += 1) {
        const sent = await this.send(companies[(i * 7) % companies.length]!, true);
        const [at] = await sent.arrived;
        roundTrips.push(sent.responded - sent.started);
        sinceResponse.push(at! - sent.responded);
        sinceRequest.push(at! - sent.started);
      }
      const { values, clamped } = clampNegatives(sinceResponse);
      return {
        sends: SETTINGS.latencySends,
        sendToArrival: { ...summarize(values), clamped },
        requestToArrival: summarize(sinceRequest),
        sendRoundTrip: summarize(roundTrips),
      };
    } finally {
      await office.close();
    }
  }

  /** `senders` concurrent senders, each going through its share of all the companies. */
  private async sendMany(documents: number, senders: number, watched: boolean) {
    const { companies } = this.child.info;
    const arrivals: Promise<number[]>[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: senders }, async (_, s) => {
        for (let i = s; i < documents; i += senders) {
          arrivals.push((await this.send(companies[i % companies.length]!, watched)).arrived);
        }
      }),
    );
    const sentSeconds = (performance.now() - started) / 1000;
    const lastArrival = Math.max(started, ...(await Promise.all(arrivals)).flat());
    return { sentPerSecond: documents / sentSeconds, deliveredPerSecond: documents / ((lastArrival - started) / 1000) };
  }

  async throughput(): Promise<OfficeResult['throughput']> {
    const { senders, documents } = SETTINGS.throughput;
    const office = await this.connectOffice();
    let withOffice;
    try {
      withOffice = await this.sendMany(documents, senders, true);
    } finally {
      await office.close();
    }
    this.sentWhileOnline = this.documents;
    const receivers = await this.connectCompanyReceivers();
    let withCompanyReceivers;
    try {
      withCompanyReceivers = await this.sendMany(documents, senders, true);
    } finally {
      await Promise.all(receivers.map((receiver) => receiver.close()));
    }
    const withoutOffice = await this.sendMany(documents, senders, false);
    return {
      senders,
      documents,
      withOffice: withOffice.sentPerSecond,
      withCompanyReceivers: withCompanyReceivers.sentPerSecond,
      withoutOffice: withoutOffice.sentPerSecond,
      deliveredPerSecond: withOffice.deliveredPerSecond,
    };
  }

  /** Each company's own accounting program, subscribed after the company's last event. */
  private async connectCompanyReceivers(): Promise<Receiver[]> {
    const { companies, wsUrl } = this.child.info;
    const receivers: Receiver[] = [];
    for (let i = 0; i < companies.length; i += 100) {
      const batch = companies.slice(i, i + 100);
      receivers.push(
        ...(await Promise.all(
          batch.map((company) =>
            connectReceiver(wsUrl, company.receiverToken, this.events.get(company) ?? 0, this.deliveries, TIMEOUT_MS),
          ),
        )),
      );
    }
    return receivers;
  }

  /** The office was offline while its clients sent: it reads everything from its last cursor, by query and by subscription. */
  async catchUp(): Promise<Pick<OfficeResult, 'catchUp' | 'cursor'>> {
    const { documents, senders, page } = SETTINGS.catchUp;
    const from = this.lastCursor;
    await this.sendMany(documents, senders, false);
    const expected = this.documents - this.sentWhileOnline;

    let after = from;
    let events = 0;
    let pages = 0;
    const queryStarted = performance.now();
    for (;;) {
      const { officeDocumentEvents: result } = await postGraphQL<CatchUpPage>(
        this.child.info.url,
        CATCH_UP_PAGE,
        { after, first: page },
        this.office.token,
      );
      events += result.edges.length;
      pages += 1;
      after = result.pageInfo.endCursor;
      if (!result.pageInfo.hasNextPage) break;
    }
    const querySeconds = (performance.now() - queryStarted) / 1000;
    if (events !== expected) throw new Error(`caught up on ${events} events, expected ${expected}`);

    let replayed = 0;
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    const counting = new Deliveries();
    const subscriptionStarted = performance.now();
    const replay = await connectReceiver(this.child.info.wsUrl, this.office.token, from, counting, TIMEOUT_MS, {
      query: FOLLOW_OFFICE,
      numberOf: (item: OfficeItem) => {
        replayed += 1;
        if (replayed === expected) done();
        return item.officeDocumentEvents.event.document.number;
      },
    });
    await all;
    const subscriptionSeconds = (performance.now() - subscriptionStarted) / 1000;
    await replay.close();

    const bytes = Buffer.from(after, 'base64url').length;
    return {
      catchUp: {
        events,
        query: { seconds: querySeconds, eventsPerSecond: events / querySeconds, pages },
        subscription: { seconds: subscriptionSeconds, eventsPerSecond: expected / subscriptionSeconds },
      },
      cursor: {
        companies: this.child.info.companies.length,
        characters: after.length,
        bytes,
        bytesPerCompany: bytes / this.child.info.companies.length,
      },
    };
  }
}

async function benchOffices(databaseUrl: string | undefined): Promise<OfficeResult> {
  const child = await startServer(
    fileURLToPath(new URL('./serve.ts', import.meta.url)),
    {
      ...process.env,
      DATABASE_URL: databaseUrl ?? '',
      BENCH_COMPANIES: String(SETTINGS.companies),
      BENCH_OFFICE: '1',
    },
    START_TIMEOUT_MS,
  );
  try {
    const bench = new OfficeBench(child);
    const latency = await bench.latency();
    const throughput = await bench.throughput();
    return { latency, throughput, ...(await bench.catchUp()) };
  } finally {
    await child.stop();
  }
}

const rate = (value: number) => value.toFixed(0);

function print(title: string, result: OfficeResult) {
  const { latency, throughput, catchUp, cursor } = result;
  console.log(`Konekt on ${title}: one office, ${cursor.companies} client companies`);
  console.log(
    table(
      ['', 'samples', 'median', 'p99'],
      [
        ['response → office', latency.sendToArrival, `(${latency.sendToArrival.clamped} clamped)`],
        ['request → office', latency.requestToArrival, ''],
        ['sendDocument', latency.sendRoundTrip, ''],
      ].map(([name, s, note]) => {
        const summary = s as Summary;
        return [
          `${name as string} ${note as string}`.trim(),
          String(summary.count),
          ms(summary.medianMs),
          ms(summary.p99Ms),
        ];
      }),
    ),
  );
  console.log(
    `${throughput.senders} senders over all companies, ${throughput.documents} documents: ` +
      `${rate(throughput.withOffice)} docs/s with the office listening (${rate(throughput.deliveredPerSecond)} delivered/s), ` +
      `${rate(throughput.withCompanyReceivers)} docs/s with a receiver per company instead, ` +
      `${rate(throughput.withoutOffice)} docs/s with nobody listening`,
  );
  console.log(
    `catch-up of ${catchUp.events} events: by cursor (query pages of ${SETTINGS.catchUp.page}) ` +
      `${rate(catchUp.query.eventsPerSecond)} events/s in ${catchUp.query.seconds.toFixed(1)} s; ` +
      `by subscription replay ${rate(catchUp.subscription.eventsPerSecond)} events/s`,
  );
  console.log(
    `cursor at ${cursor.companies} companies: ${cursor.characters} characters (${cursor.bytes} bytes, ` +
      `${cursor.bytesPerCompany.toFixed(2)} bytes per company)\n`,
  );
}

async function main() {
  const serverUrl = benchServerUrl();
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const loadAtStart = load();
  console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`Load average at start: ${loadAtStart}${QUICK ? '; quick mode: fewer documents' : ''}\n`);
  const pglite = await benchOffices(undefined);
  print('embedded PGlite (in memory, inside the server process)', pglite);
  const postgres = await withBenchDatabase(serverUrl, (url) => benchOffices(url));
  print(`PostgreSQL (${new URL(serverUrl).host}, fresh database)`, postgres);
  console.log(
    'response → office: from the sender having the whole sendDocument response to the event at the office\n' +
      '  subscription (both timed here), one send at a time round-robin over the companies; negative values clamped to 0.',
  );
  const loadAtEnd = load();
  console.log(`Load average at end: ${loadAtEnd}`);
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const file = new URL(`offices-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`, dir);
  const results = {
    date: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
    loadAverage: { start: loadAtStart, end: loadAtEnd },
    settings: SETTINGS,
    konekt: { pglite, postgres },
  };
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nResults written to ${file.pathname}`);
}

await runBounded('bench:offices', WATCHDOG_MS, main);

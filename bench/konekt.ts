import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { residentKiB, startServer, type Child } from './children.js';
import { sendDocument } from './graphql.js';
import { connectReceiver, Deliveries, type Receiver } from './receivers.js';
import type { SeededCompany } from './seed.js';
import type { ServeInfo } from './serve.js';
import { clampNegatives, summarize, type Summary } from './stats.js';

export const COMPANIES = 100;
export const RECEIVER_COUNTS = [1, 100, 1000];
// Per company this stays far below the BUSINESS plan's 5,000 documents a month: at most ~500.
export const SENDS_PER_SCENARIO = 200;
export const THROUGHPUT = { senders: 10, documents: 2000 };
export const MEMORY = { receivers: 1000, rounds: 3 };
/** Every scenario first sends this many (and at least one per company) unmeasured documents. */
const MIN_WARMUP_SENDS = 50;
const CONNECT_BATCH = 100;
const SETTLE_MS = 1_000;
/** RSS is read again after another settle and gc until it moves less than this. */
const RSS_STABLE_KIB = 512;
const MAX_RSS_READS = 8;
const START_TIMEOUT_MS = 180_000;
const CONNECT_TIMEOUT_MS = 30_000;
const DELIVERY_TIMEOUT_MS = 30_000;

export interface LatencyResult {
  receivers: number;
  companies: number;
  sends: number;
  /** From the sender's HTTP response to the event at each receiver; `clamped` negatives were set to 0. */
  sendToArrival: Summary & { clamped: number };
  /** From the start of the sendDocument request to the event at each receiver. */
  requestToArrival: Summary;
  /** The sendDocument request itself, as the sender sees it. */
  sendRoundTrip: Summary;
}

export interface Idle {
  rssKiB: number;
  heapUsedKiB: number;
}

export interface MemoryResult {
  receivers: number;
  rounds: { before: Idle; after: Idle }[];
  /** Medians over the rounds of the growth divided by the receivers. */
  rssPerReceiverKiB: number;
  heapUsedPerReceiverKiB: number;
}

export interface ThroughputResult {
  senders: number;
  documents: number;
  sentPerSecond: number;
  /** Until the last event reached its receiver. */
  deliveredPerSecond: number;
}

export interface KonektResult {
  latency: LatencyResult[];
  throughput: ThroughputResult;
  memory: MemoryResult;
}

/** Runs every Konekt scenario against one server child: PGlite on a temporary data directory, or `databaseUrl`. */
export async function benchKonekt(databaseUrl: string | undefined): Promise<KonektResult> {
  const child = await startServer(
    fileURLToPath(new URL('./serve.ts', import.meta.url)),
    { ...process.env, DATABASE_URL: databaseUrl ?? '', BENCH_COMPANIES: String(COMPANIES) },
    START_TIMEOUT_MS,
  );
  try {
    const bench = new KonektBench(child);
    const latency: LatencyResult[] = [];
    for (const receivers of RECEIVER_COUNTS) latency.push(await bench.latency(receivers));
    const throughput = await bench.throughput();
    // Last, on a server that has run every code path: what is left to grow is the receivers' own cost.
    return { latency, throughput, memory: await bench.memory() };
  } finally {
    await child.stop();
  }
}

interface Sent {
  started: number;
  responded: number;
  /** When each receiver of the company got the event. */
  arrived: Promise<number[]>;
}

const median = (values: number[]) => summarize(values).medianMs;

class KonektBench {
  private readonly deliveries = new Deliveries();
  /** Events so far per company: receivers subscribe after them, so nothing is replayed to them. */
  private readonly events = new Map<SeededCompany, number>();
  private documents = 0;

  constructor(private readonly child: Child<ServeInfo>) {}

  async latency(receivers: number): Promise<LatencyResult> {
    const { companies, perCompany } = this.spread(receivers);
    const connected = await this.connect(companies, perCompany);
    try {
      await this.warmUp(companies, perCompany);
      const sinceResponse: number[] = [];
      const sinceRequest: number[] = [];
      const roundTrips: number[] = [];
      for (let i = 0; i < SENDS_PER_SCENARIO; i += 1) {
        // One at a time, each awaited at every receiver: this measures latency, not queueing.
        const sent = await this.send(companies[i % companies.length]!, perCompany);
        const arrivals = await sent.arrived;
        roundTrips.push(sent.responded - sent.started);
        sinceResponse.push(...arrivals.map((at) => at - sent.responded));
        sinceRequest.push(...arrivals.map((at) => at - sent.started));
      }
      const { values, clamped } = clampNegatives(sinceResponse);
      return {
        receivers,
        companies: companies.length,
        sends: SENDS_PER_SCENARIO,
        sendToArrival: { ...summarize(values), clamped },
        requestToArrival: summarize(sinceRequest),
        sendRoundTrip: summarize(roundTrips),
      };
    } finally {
      await closeAll(connected);
    }
  }

  async throughput(): Promise<ThroughputResult> {
    const { senders, documents } = THROUGHPUT;
    const companies = this.child.info.companies.slice(0, senders);
    const connected = await this.connect(companies, 1);
    try {
      await this.warmUp(companies, 1);
      const started = performance.now();
      const arrivals = await Promise.all(
        companies.map((company) => this.sendSequentially(company, documents / senders)),
      );
      const sentSeconds = (performance.now() - started) / 1000;
      const lastArrival = Math.max(...(await Promise.all(arrivals.flat())).flat());
      return {
        senders,
        documents,
        sentPerSecond: documents / sentSeconds,
        deliveredPerSecond: documents / ((lastArrival - started) / 1000),
      };
    } finally {
      await closeAll(connected);
    }
  }

  /**
   * Server memory with no receiver, then with MEMORY.receivers connected, subscribed and idle, in a
   * few rounds: the same idle state measured twice can differ by tens of MB, and one round can land
   * on a lucky or unlucky garbage collection.
   */
  async memory(): Promise<MemoryResult> {
    const { receivers, rounds } = MEMORY;
    const { companies, perCompany } = this.spread(receivers);
    const measured: MemoryResult['rounds'] = [];
    for (let round = 0; round < rounds; round += 1) {
      const before = await settledMemory(this.child);
      const connected = await this.connect(companies, perCompany);
      try {
        // One event per company proves every subscription live; the round before ended the same way.
        await this.warmUp(companies, perCompany, companies.length);
        measured.push({ before, after: await settledMemory(this.child) });
      } finally {
        await closeAll(connected);
      }
    }
    const growth = (key: keyof Idle) => median(measured.map((r) => (r.after[key] - r.before[key]) / receivers));
    return {
      receivers,
      rounds: measured,
      rssPerReceiverKiB: growth('rssKiB'),
      heapUsedPerReceiverKiB: growth('heapUsedKiB'),
    };
  }

  /** With fewer receivers than companies, one per company; otherwise spread evenly over all of them. */
  private spread(receivers: number) {
    const companies = this.child.info.companies.slice(0, Math.min(receivers, COMPANIES));
    return { companies, perCompany: receivers / companies.length };
  }

  /** One sender: each document right after the previous response, without waiting for its delivery. */
  private async sendSequentially(company: SeededCompany, count: number): Promise<Promise<number[]>[]> {
    const arrivals: Promise<number[]>[] = [];
    for (let i = 0; i < count; i += 1) arrivals.push((await this.send(company, 1)).arrived);
    return arrivals;
  }

  private async send(company: SeededCompany, receivers: number): Promise<Sent> {
    this.documents += 1;
    const number = `BENCH/${this.documents}`;
    const arrived = this.deliveries.expect(number, receivers, DELIVERY_TIMEOUT_MS);
    // The caller awaits it later; until then a timeout must not count as an unhandled rejection.
    arrived.catch(() => undefined);
    const started = performance.now();
    try {
      await sendDocument(this.child.info.url, company, number);
    } catch (error) {
      this.deliveries.forget(number);
      throw error;
    }
    const responded = performance.now();
    this.events.set(company, (this.events.get(company) ?? 0) + 1);
    return { started, responded, arrived };
  }

  /** Unmeasured sends; since each must reach every receiver, all subscriptions are live afterwards. */
  private async warmUp(companies: SeededCompany[], perCompany: number, sends = MIN_WARMUP_SENDS): Promise<void> {
    for (let i = 0; i < Math.max(companies.length, sends); i += 1) {
      await (
        await this.send(companies[i % companies.length]!, perCompany)
      ).arrived;
    }
  }

  /** `perCompany` receivers for each company, connected in batches so the server is not hit by all at once. */
  private async connect(companies: SeededCompany[], perCompany: number): Promise<Receiver[]> {
    const wanted = companies.flatMap((company) => Array<SeededCompany>(perCompany).fill(company));
    const connected: Receiver[] = [];
    for (let i = 0; i < wanted.length; i += CONNECT_BATCH) {
      const batch = await Promise.allSettled(
        wanted
          .slice(i, i + CONNECT_BATCH)
          .map((company) =>
            connectReceiver(
              this.child.info.wsUrl,
              company.receiverToken,
              this.events.get(company) ?? 0,
              this.deliveries,
              CONNECT_TIMEOUT_MS,
            ),
          ),
      );
      for (const result of batch) if (result.status === 'fulfilled') connected.push(result.value);
      const failed = batch.find((result) => result.status === 'rejected');
      if (failed) {
        await closeAll(connected);
        throw failed.reason;
      }
    }
    return connected;
  }
}

const closeAll = (receivers: Receiver[]) => Promise.all(receivers.map((receiver) => receiver.close()));

/** The server's memory once it has settled: garbage collected, and VmRSS read until it holds still. */
export async function settledMemory(child: Child<{ gcUrl: string }>): Promise<Idle> {
  let previous: Idle | undefined;
  for (let read = 0; read < MAX_RSS_READS; read += 1) {
    await sleep(SETTLE_MS);
    const response = await fetch(child.info.gcUrl, { method: 'POST', signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`gc failed: ${await response.text()}`);
    const { heapUsed } = (await response.json()) as NodeJS.MemoryUsage;
    const current = { rssKiB: await residentKiB(child.pid), heapUsedKiB: heapUsed / 1024 };
    if (previous && Math.abs(current.rssKiB - previous.rssKiB) < RSS_STABLE_KIB) return current;
    previous = current;
  }
  return previous!;
}

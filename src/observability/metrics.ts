import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Db } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { OutboxMetrics } from '../mail/outbox.js';

/** How a sendDocument ended: stored (a new document or version), replay, duplicate, refused (a typed error), failed (unexpected). */
export type SendResult = 'stored' | 'replay' | 'duplicate' | 'refused' | 'failed';
/** A company's own documentEvents subscription, or an office's feed over its client companies. */
export type FeedKind = 'company' | 'office';
/** Which key of src/auth/attempts.ts made an attempt wait. */
export type AttemptKey = 'account_and_address' | 'account' | 'address';

/** What the domains report. They know nothing of Prometheus; the app keeps one Metrics for all of this. */
export interface MetricsHooks {
  documentSent(result: SendResult): void;
  eventDelivered(feed: FeedKind): void;
  /** A live subscriber began following; the returned function tells it stopped. */
  subscriberJoined(feed: FeedKind): () => void;
  attemptRefused(key: AttemptKey): void;
}

/** What is read when the metrics are scraped, not counted as it happens. */
export interface MetricsSources {
  db: Db;
  outbox: { metrics(): Promise<OutboxMetrics> };
  /** The newest event pushed to a live subscriber of each company followed on this server. */
  pushedPositions(): Map<string, number>;
  /** node-postgres's pool, when the database is PostgreSQL. */
  pool?: { totalCount: number; idleCount: number; waitingCount: number };
  logger: Logger;
}

interface ScrapeReadings {
  outbox: OutboxMetrics;
  lag: number;
}

/**
 * Konekt's Prometheus metrics, in a registry of their own (several apps may run in one process):
 * counters and gauges the domains move through `MetricsHooks`, and readings of the database taken
 * when scraped. A reading that fails leaves its metrics out of that scrape rather than stale.
 */
export class Metrics implements MetricsHooks {
  readonly registry = new Registry();
  private readonly sent = new Counter({
    name: 'konekt_documents_sent_total',
    help: 'sendDocument calls on this server, by result: stored, replay, duplicate, refused (typed error), failed (unexpected).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly delivered = new Counter({
    name: 'konekt_events_delivered_total',
    help: 'Document events pushed to live subscribers on this server (replays included), by feed: company or office.',
    labelNames: ['feed'] as const,
    registers: [this.registry],
  });
  private readonly subscribers = new Gauge({
    name: 'konekt_live_subscribers',
    help: 'Live event subscriptions open on this server, by feed: company or office.',
    labelNames: ['feed'] as const,
    registers: [this.registry],
  });
  private readonly refusedAttempts = new Counter({
    name: 'konekt_attempts_refused_total',
    help: 'Password attempts told to wait by the attempt limits, by the key that was over: account_and_address, account, address.',
    labelNames: ['key'] as const,
    registers: [this.registry],
  });
  private reading: Promise<ScrapeReadings | undefined> | undefined;
  private observed = false;

  constructor() {
    for (const result of ['stored', 'replay', 'duplicate', 'refused', 'failed'] as const) this.sent.inc({ result }, 0);
    for (const feed of ['company', 'office'] as const) {
      this.delivered.inc({ feed }, 0);
      this.subscribers.set({ feed }, 0);
    }
  }

  documentSent(result: SendResult): void {
    this.sent.inc({ result });
  }

  eventDelivered(feed: FeedKind): void {
    this.delivered.inc({ feed });
  }

  subscriberJoined(feed: FeedKind): () => void {
    this.subscribers.inc({ feed });
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.subscribers.dec({ feed });
    };
  }

  attemptRefused(key: AttemptKey): void {
    this.refusedAttempts.inc({ key });
  }

  /** Adds the readings taken at each scrape, the Node.js process metrics and, for PostgreSQL, the pool's. */
  observe(sources: MetricsSources): void {
    const { registry } = this;
    this.observed = true;
    collectDefaultMetrics({ register: registry });
    const read = () => (this.reading ??= this.read(sources).finally(() => (this.reading = undefined)));
    new Gauge({
      name: 'konekt_mail_outbox_mails',
      help: 'Mails in the outbox shared by all servers, by status: pending (waiting for delivery or a retry), failed (given up).',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        const readings = await read();
        if (!readings) return this.reset();
        this.set({ status: 'pending' }, readings.outbox.pending);
        this.set({ status: 'failed' }, readings.outbox.failed);
      },
    });
    new Gauge({
      name: 'konekt_mail_outbox_oldest_pending_seconds',
      help: 'Age of the oldest mail waiting in the outbox; absent when none waits.',
      registers: [registry],
      async collect() {
        const seconds = (await read())?.outbox.oldestPendingSeconds;
        if (seconds === null || seconds === undefined) this.remove();
        else this.set(seconds);
      },
    });
    for (const [name, help, key] of [
      ['konekt_mail_delivered_total', 'Mails this server handed to SMTP (or wrote to the outbox folder).', 'delivered'],
      [
        'konekt_mail_failed_attempts_total',
        'Mail deliveries by this server that failed and will be retried.',
        'failedAttempts',
      ],
      ['konekt_mail_given_up_total', 'Mails this server gave up after their last attempt.', 'givenUp'],
    ] as const) {
      new Counter({
        name,
        help,
        registers: [registry],
        // The outbox counts for itself; a failed reading keeps the last count, which only ever grows.
        async collect() {
          const readings = await read();
          if (!readings) return;
          this.reset();
          this.inc(readings.outbox[key]);
        },
      });
    }
    new Gauge({
      name: 'konekt_event_lag_events',
      help: "Largest number of a company's stored events not yet pushed to any of its live subscribers on this server (companies followed here only).",
      registers: [registry],
      async collect() {
        const readings = await read();
        if (readings) this.set(readings.lag);
        else this.remove();
      },
    });
    const { pool } = sources;
    if (!pool) return;
    new Gauge({
      name: 'konekt_database_pool_connections',
      help: "PostgreSQL connections in this server's pool, by state: busy or idle.",
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
      },
    });
    new Gauge({
      name: 'konekt_database_pool_waiting',
      help: 'Queries waiting for a free PostgreSQL connection on this server.',
      registers: [registry],
      collect() {
        this.set(pool.waitingCount);
      },
    });
  }

  /** Yoga's request and operation metrics (graphql_envelop_*, graphql_yoga_*), once the metrics are observed. */
  yogaPlugins(): Plugin[] {
    if (!this.observed) return [];
    return [
      usePrometheus({
        registry: this.registry,
        endpoint: false,
        // Clients choose operation names, URLs and paths: as labels they would grow the metrics without bound.
        labels: { operationName: false, url: false, path: false },
      }),
    ];
  }

  /** One reading of the database for all the metrics of a scrape. */
  private async read(sources: MetricsSources): Promise<ScrapeReadings | undefined> {
    const { db, outbox, logger } = sources;
    try {
      const pushed = sources.pushedPositions();
      const [outboxReadings, companies] = await Promise.all([
        outbox.metrics(),
        pushed.size === 0
          ? []
          : db.company.findMany({
              where: { id: { in: [...pushed.keys()] } },
              select: { id: true, lastEventSequence: true },
            }),
      ]);
      let lag = 0;
      for (const { id, lastEventSequence } of companies) {
        lag = Math.max(lag, lastEventSequence - (pushed.get(id) ?? lastEventSequence));
      }
      return { outbox: outboxReadings, lag };
    } catch (error) {
      logger.warn('metrics: the database could not be read; its metrics are left out of this scrape', error);
      return undefined;
    }
  }
}

/** `/metrics` on a listener of its own (METRICS_PORT), so the public never reaches it; anything else there is 404. */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host: string,
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        logger.error('metrics could not be collected', error);
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics could not be collected\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

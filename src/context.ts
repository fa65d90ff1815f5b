import type { Config } from './config.js';
import type { Db, SqlQuery } from './db/index.js';
import type { Logger } from './logger.js';
import type { MailOutbox } from './mail/outbox.js';
import type { AttemptLimits } from './auth/attempts.js';
import type { ViewerCache } from './auth/viewer-cache.js';
import type { Viewer } from './auth/viewer.js';
import type { EventBus } from './events.js';
import type { EventFeeds } from './documents/feed.js';
import type { Lang } from './i18n/index.js';
import type { MetricsHooks } from './observability/metrics.js';

export type { Viewer } from './auth/viewer.js';

/** What lives as long as the server: shared by every request's context. */
export interface Services {
  config: Config;
  /** Where users reach this server: the base of every link in e-mails. */
  publicUrl: string;
  db: Db;
  /** The driver itself, for the few hot statements that skip Prisma (src/db/index.ts). */
  sql: SqlQuery;
  logger: Logger;
  /** Mails queued in transactions are delivered from here; it also reports the queue's state. */
  outbox: MailOutbox;
  attempts: AttemptLimits;
  events: EventBus;
  viewers: ViewerCache;
  /** Shared reads of each company's event log for its live subscribers. */
  feeds: EventFeeds;
  /** What the domains count for the operator's metrics. */
  metrics: MetricsHooks;
  now: () => Date;
}

/** One request's (or one subscription's) view of the server. */
export interface Context extends Services {
  viewer: Viewer;
  /** The language answers are given in: Accept-Language, Polish by default. */
  lang: Lang;
  /** Where the request came from (src/limits/address.ts): attempt limits count per address. */
  clientAddress: string;
  /** The HTTP request's or WebSocket operation's id: in its log lines and its errors. */
  requestId: string;
}

/** Where a request came from; a WebSocket operation also brings graphql-ws's connection params and the upgrade's language. */
export type ServerContext = {
  clientAddress: string;
  requestId: string;
  connectionParams?: Record<string, unknown>;
  acceptLanguage?: string;
};

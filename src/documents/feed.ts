import type { SqlQuery } from '../db/index.js';
import type { FeedKind, MetricsHooks } from '../observability/metrics.js';
import { readEvents, type EventWithDocument, type Page } from './rows.js';

/** How many recent events, and how many bytes of them, a company keeps in memory for its live subscribers. */
const WINDOW = 500;
const WINDOW_BYTES = 16 * 1024 * 1024;

interface CompanyWindow {
  /** Consecutive events, oldest first. */
  events: EventWithDocument[];
  /** Whether the events carry their content (readEvents' withContent): a window holds one kind. */
  withContent: boolean;
  /** Whether the last event of the window was the last of the log when it was read. */
  endIsLogEnd: boolean;
  /** Reads in flight, by the cursor they read after and their kind: subscribers at the same cursor share one. */
  reads: Map<string, Promise<Page<EventWithDocument>>>;
  followers: number;
  /** The newest event pushed to any of the company's live subscribers here (or the newest they started after). */
  pushed: number;
}

/**
 * Reads of the event log shared by the live subscribers of a company. When an event is appended,
 * every subscriber wakes at the same cursor; the first one reads the database, the others wait for
 * that read, and all of them are served from a window of recent events (an event sent through this
 * server joins the window from the send's own answer, unread). Subscribers replaying older events
 * read the database themselves. The window only ever holds consecutive events of the log, so
 * serving from it is as gap-free as reading the database.
 */
export class EventFeeds {
  private readonly companies = new Map<string, CompanyWindow>();

  constructor(
    private readonly sql: SqlQuery,
    private readonly metrics: Pick<MetricsHooks, 'eventDelivered'>,
  ) {}

  /** Registers a live subscriber that has seen the events up to `after`; the returned function unregisters it. */
  follow(companyId: string, after: number): () => void {
    const window = this.companies.get(companyId) ?? {
      events: [],
      withContent: false,
      endIsLogEnd: false,
      reads: new Map(),
      followers: 0,
      pushed: after,
    };
    window.followers += 1;
    window.pushed = Math.max(window.pushed, after);
    this.companies.set(companyId, window);
    return () => {
      window.followers -= 1;
      if (window.followers === 0) this.companies.delete(companyId);
    };
  }

  /** A live subscriber took the company's event `sequence`. */
  delivered(companyId: string, sequence: number, feed: FeedKind): void {
    this.metrics.eventDelivered(feed);
    const window = this.companies.get(companyId);
    if (window) window.pushed = Math.max(window.pushed, sequence);
  }

  /**
   * An event this server has just appended, with its document as the statement that appended it
   * returned: when it continues the company's window (sequences have no gaps, so the one after the
   * window's newest is the next event of the log), the live subscribers take it from there without
   * reading the log. Any other event is left to be read as before.
   */
  appended(event: EventWithDocument): void {
    const window = this.companies.get(event.companyId);
    const newest = window?.events[window.events.length - 1];
    if (!window || newest?.sequence !== event.sequence - 1) return;
    window.events.push(window.withContent ? event : { ...event, document: { ...event.document, content: null } });
    trim(window);
  }

  /** The newest event pushed for each company followed here: how far behind its log this server is. */
  pushedPositions(): Map<string, number> {
    return new Map([...this.companies].map(([companyId, window]) => [companyId, window.pushed]));
  }

  /** The companies that have live subscribers on this server. */
  followed(): ReadonlySet<string> {
    return new Set(this.companies.keys());
  }

  /**
   * Events after `after`, in order: at most `first`, and no more than `maxBytes` of content after
   * the first; with their content when `withContent` (events with it serve those without too).
   */
  async after(
    companyId: string,
    after: number,
    first: number,
    maxBytes: number,
    withContent: boolean,
  ): Promise<Page<EventWithDocument>> {
    const bound = { first, maxBytes, withFiles: false };
    const window = this.companies.get(companyId);
    if (!window) return readEvents(this.sql, companyId, after, bound, withContent);
    const cached = (window.withContent || !withContent) && this.fromWindow(window, after, first, maxBytes);
    if (cached) return cached;
    const key = (content: boolean) => `${after}/${content}`;
    let read = window.reads.get(key(true)) ?? window.reads.get(key(withContent));
    if (!read) {
      read = readEvents(this.sql, companyId, after, bound, withContent).finally(() =>
        window.reads.delete(key(withContent)),
      );
      window.reads.set(key(withContent), read);
      void read.then(
        (page) => this.remember(window, after, page, withContent),
        () => undefined,
      );
    }
    return read;
  }

  private fromWindow(
    window: CompanyWindow,
    after: number,
    first: number,
    maxBytes: number,
  ): Page<EventWithDocument> | undefined {
    const oldest = window.events[0];
    const newest = window.events[window.events.length - 1];
    if (!oldest || !newest || after < oldest.sequence - 1 || after >= newest.sequence) return undefined;
    const items: EventWithDocument[] = [];
    let bytes = 0;
    for (let i = after - oldest.sequence + 1; i < window.events.length && items.length < first; i += 1) {
      if (items.length > 0 && bytes >= maxBytes) break;
      const event = window.events[i]!;
      items.push(event);
      bytes += event.bytes;
    }
    const reachedEnd = items[items.length - 1] === newest;
    return { items, hasMore: !reachedEnd || !window.endIsLogEnd };
  }

  private remember(window: CompanyWindow, after: number, page: Page<EventWithDocument>, withContent: boolean) {
    const { items } = page;
    if (items.length === 0) {
      // Nothing after the window's end: it is the log's end again.
      if (window.events[window.events.length - 1]?.sequence === after) window.endIsLogEnd = !page.hasMore;
      return;
    }
    if (withContent !== window.withContent) {
      window.events = [];
      window.withContent = withContent;
    }
    const last = window.events[window.events.length - 1];
    // Append only what continues the window; anything else starts a new one.
    if (last && last.sequence === after) window.events.push(...items);
    else if (!last || items[items.length - 1]!.sequence > last.sequence) window.events = [...items];
    else return;
    window.endIsLogEnd = !page.hasMore;
    trim(window);
  }
}

function trim(window: CompanyWindow) {
  if (window.events.length > WINDOW) window.events = window.events.slice(-WINDOW);
  let bytes = window.events.reduce((sum, event) => sum + event.bytes, 0);
  while (bytes > WINDOW_BYTES && window.events.length > 1) bytes -= window.events.shift()!.bytes;
}

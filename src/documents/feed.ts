import type { Db } from '../db/index.js';
import { readEvents, type EventWithDocument } from './rows.js';

/** How many recent events a company keeps in memory for its live subscribers. */
const WINDOW = 500;

interface CompanyWindow {
  /** Consecutive events, oldest first. */
  events: EventWithDocument[];
  /** Reads in flight, by the cursor they read after: subscribers at the same cursor share one. */
  reads: Map<number, Promise<EventWithDocument[]>>;
  followers: number;
}

/**
 * Reads of the event log shared by the live subscribers of a company. When an event is appended,
 * every subscriber wakes at the same cursor; the first one reads the database, the others wait for
 * that read, and all of them are served from a window of recent events. Subscribers replaying older
 * events read the database themselves. The window only ever holds consecutive events read from the
 * database, so serving from it is as gap-free as reading the database.
 */
export class EventFeeds {
  private readonly companies = new Map<string, CompanyWindow>();

  constructor(private readonly db: Db) {}

  /** Registers a live subscriber; the returned function unregisters it. */
  follow(companyId: string): () => void {
    const window = this.companies.get(companyId) ?? { events: [], reads: new Map(), followers: 0 };
    window.followers += 1;
    this.companies.set(companyId, window);
    return () => {
      window.followers -= 1;
      if (window.followers === 0) this.companies.delete(companyId);
    };
  }

  /** Up to `limit` events after `after`, in order. */
  async after(companyId: string, after: number, limit: number): Promise<EventWithDocument[]> {
    const window = this.companies.get(companyId);
    if (!window) return readEvents(this.db, companyId, after, limit);
    const cached = this.fromWindow(window, after, limit);
    if (cached) return cached;
    let read = window.reads.get(after);
    if (!read) {
      read = readEvents(this.db, companyId, after, limit).finally(() => window.reads.delete(after));
      window.reads.set(after, read);
      void read.then(
        (events) => this.remember(window, after, events),
        () => undefined,
      );
    }
    const events = await read;
    return events.slice(0, limit);
  }

  private fromWindow(window: CompanyWindow, after: number, limit: number): EventWithDocument[] | undefined {
    const first = window.events[0];
    const last = window.events[window.events.length - 1];
    if (!first || !last || after < first.sequence - 1 || after >= last.sequence) return undefined;
    const start = after - first.sequence + 1;
    return window.events.slice(start, start + limit);
  }

  private remember(window: CompanyWindow, after: number, events: EventWithDocument[]) {
    if (events.length === 0) return;
    const last = window.events[window.events.length - 1];
    // Append only what continues the window; anything else starts a new one.
    if (last && last.sequence === after) window.events.push(...events);
    else if (!last || events[events.length - 1]!.sequence > last.sequence) window.events = [...events];
    if (window.events.length > WINDOW) window.events = window.events.slice(-WINDOW);
  }
}

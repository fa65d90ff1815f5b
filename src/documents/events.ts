import type { Context } from '../context.js';
import { RequestError } from '../errors.js';
import { MAX_PAGE_BYTES } from './limits.js';
import type { EventWithDocument, Page } from './rows.js';

export const MAX_PAGE = 500;

/** Sequences are PostgreSQL integers: a larger cursor could never have been given out. */
const MAX_SEQUENCE = 2 ** 31 - 1;

export function parseCursor(cursor: string | null | undefined): number {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  if (!/^\d{1,10}$/.test(cursor) || Number(cursor) > MAX_SEQUENCE) {
    throw new RequestError('BAD_USER_INPUT', (m) => m.access.notAnEventCursor(cursor), 'after');
  }
  return Number(cursor);
}

/**
 * A cursor beyond the company's last event was never given out (a cursor of another company or of
 * another server's database): following it would silently skip the events up to it.
 */
export async function refuseCursorAhead(ctx: Context, companyId: string, after: number): Promise<void> {
  if (after === 0) return;
  const { lastEventSequence } = await ctx.db.company.findUniqueOrThrow({
    where: { id: companyId },
    select: { lastEventSequence: true },
  });
  if (after > lastEventSequence) {
    const last = eventCursor(lastEventSequence);
    throw new RequestError('CURSOR_AHEAD', (m) => m.access.cursorAhead(String(after), last), 'after', {
      lastCursor: last,
    });
  }
}

export const eventCursor = (sequence: number) => String(sequence);

const DONE = { done: true as const, value: undefined };

/**
 * Replays every event after the cursor, then follows new ones. The bus only says "something was
 * appended"; what is pushed is always read from the database in sequence order after the last
 * pushed one, so there is no gap or duplicate at the switch from replay to live. A page is read
 * while the client takes the one before, so a slow client holds two pages, not the backlog.
 * Events carry their documents' content only `withContent`.
 */
export function followEvents(
  ctx: Context,
  companyId: string,
  after: number,
  withContent: boolean,
): AsyncIterableIterator<EventWithDocument> {
  return new EventFollower(ctx, companyId, after, withContent);
}

/**
 * An iterator written by hand rather than a Repeater, and a class rather than closures: an idle
 * subscriber holds this object and one pending promise, and `return()` ends it at once even while
 * `next()` waits for an event.
 */
class EventFollower implements AsyncIterableIterator<EventWithDocument> {
  private cursor: number;
  private appended = 0;
  private page: readonly EventWithDocument[] = [];
  private taken = 0;
  /**
   * The page to take next without waiting for a signal: the first one, and while the log has more,
   * the page after this one, read while this one is taken.
   */
  private nextPage: Promise<Page<EventWithDocument>> | undefined;
  /** The event handed out last: the client has taken it once it asks for the next one. */
  private handedOut: number | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  private unfollow: (() => void) | undefined;

  constructor(
    private readonly ctx: Pick<Context, 'feeds' | 'events' | 'metrics'>,
    private readonly companyId: string,
    private readonly after: number,
    private readonly withContent: boolean,
  ) {
    this.cursor = after;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  next(): Promise<IteratorResult<EventWithDocument>> {
    if (this.stopped) return Promise.resolve(DONE);
    this.unfollow ??= this.follow();
    this.confirmTaken();
    return this.take();
  }

  return(): Promise<IteratorResult<EventWithDocument>> {
    this.stop();
    return Promise.resolve(DONE);
  }

  private follow() {
    const { feeds, events, metrics } = this.ctx;
    const unfollowFeed = feeds.follow(this.companyId, this.after);
    const left = metrics.subscriberJoined('company');
    const unsubscribe = events.onDocumentEvents(this.companyId, (sequence) => {
      this.appended = Math.max(this.appended, sequence);
      // A wake-up for events already pushed (a poll, a late signal) costs nothing.
      if (sequence > this.cursor) this.wake?.();
    });
    this.nextPage = this.read(this.cursor);
    return () => {
      unsubscribe();
      unfollowFeed();
      left();
    };
  }

  private confirmTaken() {
    if (this.handedOut === undefined) return;
    this.ctx.feeds.delivered(this.companyId, this.handedOut, 'company');
    this.handedOut = undefined;
  }

  private stop() {
    if (this.stopped) return;
    this.stopped = true;
    this.confirmTaken();
    this.unfollow?.();
    this.wake?.();
  }

  /**
   * The next event: from the page in hand, else from the next page, else once a signal says the log
   * has more. Promise chains, not an async loop: a waiting subscriber holds one pending promise, not
   * a suspended function with its own.
   */
  private take(): Promise<IteratorResult<EventWithDocument>> {
    if (this.stopped) return Promise.resolve(DONE);
    const event = this.page[this.taken];
    if (event) {
      this.taken += 1;
      this.cursor = event.sequence;
      this.handedOut = event.sequence;
      return Promise.resolve({ done: false, value: event });
    }
    if (!this.nextPage && this.appended <= this.cursor) {
      // Across servers a lost signal is made up for by the server's poll of the event log (documents/poll.ts).
      return new Promise<void>((resolve) => (this.wake = resolve)).then(() => {
        this.wake = undefined;
        return this.take();
      });
    }
    return (this.nextPage ?? this.read(this.cursor)).then(
      (read) => {
        this.nextPage = undefined;
        this.page = read.items;
        this.taken = 0;
        const last = read.items[read.items.length - 1];
        // A replay reads its next page while the client takes this one, instead of one after the other.
        if (read.hasMore && last && !this.stopped) this.nextPage = this.read(last.sequence);
        return this.take();
      },
      (error: unknown) => {
        this.stop();
        throw error;
      },
    );
  }

  private read(after: number): Promise<Page<EventWithDocument>> {
    const page = this.ctx.feeds.after(this.companyId, after, MAX_PAGE, MAX_PAGE_BYTES, this.withContent);
    // A failure is thrown where the page is awaited; one never awaited (the client left) is nobody's.
    page.catch(() => undefined);
    return page;
  }
}

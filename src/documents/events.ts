import type { Context } from '../context.js';
import { RequestError } from '../errors.js';
import { MAX_PAGE_BYTES } from './limits.js';
import type { EventWithDocument } from './rows.js';

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
 * only once the client has taken the one before, so a slow client holds one page, not the backlog.
 *
 * An iterator written by hand rather than a Repeater: an idle subscriber holds one pending promise
 * and a few fields, and `return()` ends it at once even while `next()` waits for an event.
 */
export function followEvents(ctx: Context, companyId: string, after: number): AsyncIterableIterator<EventWithDocument> {
  const { feeds, events, metrics } = ctx;
  let cursor = after;
  let appended = 0;
  let page: readonly EventWithDocument[] = [];
  let taken = 0;
  /** Read again at once rather than wait for a signal: at the start, and while the log has more. */
  let readNext = true;
  /** The event handed out last: the client has taken it once it asks for the next one. */
  let handedOut: number | undefined;
  let started = false;
  let stopped = false;
  let wake: (() => void) | undefined;
  let unfollow = () => {};

  const start = () => {
    started = true;
    const unfollowFeed = feeds.follow(companyId, after);
    const left = metrics.subscriberJoined('company');
    const unsubscribe = events.onDocumentEvents(companyId, (sequence) => {
      appended = Math.max(appended, sequence);
      // A wake-up for events already pushed (a poll, a late signal) costs nothing.
      if (sequence > cursor) wake?.();
    });
    unfollow = () => {
      unsubscribe();
      unfollowFeed();
      left();
    };
  };
  const confirmTaken = () => {
    if (handedOut === undefined) return;
    feeds.delivered(companyId, handedOut, 'company');
    handedOut = undefined;
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    confirmTaken();
    unfollow();
    wake?.();
  };
  const take = async (): Promise<IteratorResult<EventWithDocument>> => {
    for (;;) {
      if (stopped) return DONE;
      const event = page[taken];
      if (event) {
        taken += 1;
        cursor = event.sequence;
        handedOut = event.sequence;
        return { done: false, value: event };
      }
      if (!readNext && appended <= cursor) {
        // Across servers a lost signal is made up for by the server's poll of the event log (documents/poll.ts).
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const read = await feeds.after(companyId, cursor, MAX_PAGE, MAX_PAGE_BYTES);
      page = read.items;
      taken = 0;
      readNext = read.hasMore;
    }
  };

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (stopped) return Promise.resolve(DONE);
      if (!started) start();
      confirmTaken();
      return take().catch((error: unknown) => {
        stop();
        throw error;
      });
    },
    return() {
      stop();
      return Promise.resolve(DONE);
    },
  };
}

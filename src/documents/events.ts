import { Repeater } from 'graphql-yoga';
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

/**
 * Replays every event after the cursor, then follows new ones. The bus only says "something was
 * appended"; what is pushed is always read from the database in sequence order after the last
 * pushed one, so there is no gap or duplicate at the switch from replay to live. `push` waits for
 * the client to take each event, so a slow client holds one page, not the whole backlog. Events
 * carry their documents' content only `withContent`.
 */
export function followEvents(
  ctx: Context,
  companyId: string,
  after: number,
  withContent: boolean,
): AsyncIterableIterator<EventWithDocument> {
  return new Repeater<EventWithDocument>(async (push, stop) => {
    let cursor = after;
    let appended = 0;
    let stopped = false;
    let wake: (() => void) | undefined;
    const unfollow = ctx.feeds.follow(companyId, after);
    const left = ctx.metrics.subscriberJoined('company');
    const unsubscribe = ctx.events.onDocumentEvents(companyId, (sequence) => {
      appended = Math.max(appended, sequence);
      // A wake-up for events already pushed (a poll, a late signal) costs nothing.
      if (sequence > cursor) wake?.();
    });
    void stop.then(() => {
      stopped = true;
      wake?.();
    });
    try {
      while (!stopped) {
        const page = await ctx.feeds.after(companyId, cursor, MAX_PAGE, MAX_PAGE_BYTES, withContent);
        for (const event of page.items) {
          if (stopped) break;
          cursor = event.sequence;
          await push(event);
          ctx.feeds.delivered(companyId, event.sequence, 'company');
        }
        if (stopped || page.hasMore || appended > cursor) continue;
        // Across servers a lost signal is made up for by the server's poll of the event log (documents/poll.ts).
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (appended > cursor || stopped) resolve();
        });
        wake = undefined;
      }
    } catch (error) {
      stop(error);
    } finally {
      unsubscribe();
      unfollow();
      left();
    }
  });
}

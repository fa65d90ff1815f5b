import { Repeater } from 'graphql-yoga';
import type { ViewerOf } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { RequestError } from '../errors.js';
import type { Company } from '../generated/prisma/client.js';
import { MAX_PAGE } from '../documents/events.js';
import { MAX_PAGE_BYTES } from '../documents/limits.js';
import { readEvents, readEventsOfCompanies, type EventWithDocument } from '../documents/rows.js';
import { servedCompanies } from './clients.js';
import { FeedPosition } from './cursor.js';

type Office = ViewerOf<'office'>;

/**
 * Across servers an access change can be lost (Redis away): the served companies are read again
 * this often. New events need no such look: the server's poll of the event log wakes the feed.
 */
const ACCESS_RECHECK_MS = 5000;

/** One event of one client company, as the office's feed delivers it. */
export interface OfficeEvent {
  company: Company;
  event: EventWithDocument;
  /** The office's cursor once this event is processed: resume after it. */
  cursor(): string;
}

/** A cursor past a served company's last event was never given out here: following it would skip events. */
function refuseAhead(companies: readonly Company[], position: FeedPosition) {
  const ahead = companies.find((company) => position.get(company.cursorKey) > company.lastEventSequence);
  if (ahead) throw new RequestError('BAD_USER_INPUT', (m) => m.offices.cursorAhead(ahead.nip), 'after');
}

/** `room` spread over companies that have `behind[i]` events waiting: equal shares first, leftovers in order. */
function fairShares(behind: readonly number[], room: number): number[] {
  const takes = behind.map(() => 0);
  let left = room;
  for (;;) {
    const open = behind.filter((count, i) => takes[i]! < count).length;
    if (left === 0 || open === 0) return takes;
    const share = Math.max(1, Math.floor(left / open));
    for (let i = 0; i < behind.length && left > 0; i += 1) {
      const more = Math.min(share, behind[i]! - takes[i]!, left);
      takes[i]! += more;
      left -= more;
    }
  }
}

/**
 * Up to `first` events after the cursor across the companies the office serves now, each
 * company's in its own sequence order, read in one statement. A company that has many waiting
 * cannot crowd out the others: each gets an equal share of the page. Documents carry their content
 * only `withContent`.
 */
export async function readOfficeEvents(
  ctx: Context,
  office: Office,
  cursor: string | null | undefined,
  first: number,
  withContent: boolean,
) {
  const after = FeedPosition.decode(office.configurationId, cursor);
  const companies = await servedCompanies(ctx.db, office.accountId);
  refuseAhead(companies, after);
  const behind = companies.filter((company) => company.lastEventSequence > after.get(company.cursorKey));
  const takes = fairShares(
    behind.map((company) => company.lastEventSequence - after.get(company.cursorKey)),
    first,
  );
  const rank = new Map(behind.map((company, i) => [company.id, i]));
  const rows = await readEventsOfCompanies(
    ctx.sql,
    behind
      .map((company, i) => ({ companyId: company.id, after: after.get(company.cursorKey), limit: takes[i]! }))
      .filter((slice) => slice.limit > 0),
    withContent,
  );
  rows.sort((a, b) => rank.get(a.companyId)! - rank.get(b.companyId)! || a.sequence - b.sequence);
  const companyOf = (event: EventWithDocument) => behind[rank.get(event.companyId)!]!;
  // Every event's cursor, computed in one pass the first time one is asked for: at hundreds of
  // companies each is a few kilobytes, and a program catching up by pages needs only the last.
  let cursors: string[] | undefined;
  const cursorAt = (i: number) => {
    if (!cursors) {
      const at = after.copy();
      cursors = rows.map((event) => {
        at.set(companyOf(event).cursorKey, event.sequence);
        return at.encode();
      });
    }
    return cursors[i]!;
  };
  const end = after.copy();
  for (const event of rows) end.set(companyOf(event).cursorKey, event.sequence);
  return {
    events: rows.map((event, i): OfficeEvent => ({ company: companyOf(event), event, cursor: () => cursorAt(i) })),
    endCursor: end.encode(),
    hasMore: behind.some((company, i) => company.lastEventSequence - after.get(company.cursorKey) > takes[i]!),
  };
}

/**
 * Replays every event after the cursor across the office's clients, then follows new ones live.
 * Which companies those are is read from the database whenever an access change touches the
 * office's account or one of its companies: a company that adds the office joins at once with
 * its backlog; one that removes it (or its permission) is dropped the moment the change is
 * signalled, before the database is asked again, so not one more of its events is pushed. Each
 * company is read on its own after its own position (live wake-ups share the company's reads
 * with its other subscribers), so there is no gap or duplicate at the switch from replay to live.
 * Documents carry their content only `withContent`.
 */
export async function followOffice(
  ctx: Context,
  office: Office,
  cursor: string | null | undefined,
  withContent: boolean,
): Promise<AsyncIterableIterator<OfficeEvent>> {
  const position = FeedPosition.decode(office.configurationId, cursor);
  refuseAhead(await servedCompanies(ctx.db, office.accountId), position);
  return new Repeater<OfficeEvent>(async (push, stop) => {
    interface Client {
      company: Company;
      unwatch: () => void;
    }
    const clients = new Map<string, Client>();
    /** Companies that may have events after their position, oldest wake-up first. */
    const due = new Set<string>();
    const appended = new Map<string, number>();
    /**
     * Companies less than a page behind (or whose last read came back short): they are read through
     * the reads shared with their other live subscribers. Until then (replaying a backlog) they are read
     * straight from the database, so a long replay over hundreds of companies does not fill the
     * shared windows of recent events that live subscribers are served from.
     */
    const live = new Set<string>();
    /** Access changes not yet read from the database; the first read of the companies is one. */
    let changes = 1;
    let stopped = false;
    let wake: (() => void) | undefined;
    const poke = () => wake?.();

    const leave = (companyId: string) => {
      clients.get(companyId)?.unwatch();
      clients.delete(companyId);
      due.delete(companyId);
      appended.delete(companyId);
      live.delete(companyId);
    };
    const join = (company: Company) => {
      const unfollow = ctx.feeds.follow(company.id, position.get(company.cursorKey));
      const unsubscribe = ctx.events.onDocumentEvents(company.id, (sequence) => {
        appended.set(company.id, Math.max(appended.get(company.id) ?? 0, sequence));
        if (sequence <= position.get(company.cursorKey)) return;
        due.add(company.id);
        poke();
      });
      clients.set(company.id, {
        company,
        unwatch: () => {
          unsubscribe();
          unfollow();
        },
      });
    };
    // Registered before the companies are first read, so no change can slip between the two.
    const unwatchAccess = ctx.events.onAccessChanged((change) => {
      const mine = change.accountId === office.accountId;
      if (mine && change.companyId) leave(change.companyId);
      if (mine || (change.companyId !== undefined && clients.has(change.companyId))) {
        changes += 1;
        poke();
      }
    });

    /** The companies as the database has them; a change signalled during the read means reading again. */
    const readCompanies = async () => {
      while (changes > 0) {
        const seen = changes;
        const served = await servedCompanies(ctx.db, office.accountId);
        if (changes !== seen) continue;
        changes = 0;
        const ids = new Set(served.map((company) => company.id));
        for (const id of [...clients.keys()]) if (!ids.has(id)) leave(id);
        for (const company of served) {
          const client = clients.get(company.id);
          if (client) client.company = company;
          else join(company);
          const behind = company.lastEventSequence - position.get(company.cursorKey);
          if (behind > 0) due.add(company.id);
          if (behind < MAX_PAGE) live.add(company.id);
        }
      }
    };

    void stop.then(() => {
      stopped = true;
      poke();
    });
    const left = ctx.metrics.subscriberJoined('office');
    try {
      while (!stopped) {
        if (changes > 0) {
          await readCompanies();
          continue;
        }
        const companyId = due.values().next().value;
        if (companyId === undefined) {
          let poll: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (stopped || changes > 0 || due.size > 0) resolve();
            else if (ctx.events.distributed)
              poll = setTimeout(() => {
                changes += 1;
                resolve();
              }, ACCESS_RECHECK_MS);
          });
          clearTimeout(poll);
          wake = undefined;
          continue;
        }
        due.delete(companyId);
        const client = clients.get(companyId);
        if (!client) continue;
        const key = client.company.cursorKey;
        const { items: page, hasMore } = live.has(companyId)
          ? await ctx.feeds.after(companyId, position.get(key), MAX_PAGE, MAX_PAGE_BYTES, withContent)
          : await readEvents(
              ctx.sql,
              companyId,
              position.get(key),
              { first: MAX_PAGE, maxBytes: MAX_PAGE_BYTES, withFiles: false },
              withContent,
            );
        if (!hasMore) live.add(companyId);
        for (const event of page) {
          // The company may have left, or the subscription ended, while the page was read or pushed.
          if (stopped || clients.get(companyId) !== client) break;
          position.set(key, event.sequence);
          const encoded = position.encode();
          await push({ company: client.company, event, cursor: () => encoded });
          ctx.feeds.delivered(companyId, event.sequence, 'office');
        }
        const more = hasMore || (appended.get(companyId) ?? 0) > position.get(key);
        if (more && clients.get(companyId) === client) due.add(companyId);
      }
    } catch (error) {
      stop(error);
    } finally {
      unwatchAccess();
      for (const id of [...clients.keys()]) leave(id);
      left();
    }
  });
}

import type { Db } from '../db/index.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { EventFeeds } from './feed.js';

/** Ids per statement: far below PostgreSQL's limit on parameters. */
const CHUNK = 5000;

/**
 * With several servers a wake-up from another server can be lost (Redis away, restarting, or a
 * message dropped). Every `intervalMs` this server reads where the logs of the companies it has
 * live subscribers for end, in one statement for all of them, and wakes the subscribers of any
 * log that grew since it last looked. Subscribers already past that point ignore the wake-up.
 * Returns the function that stops polling.
 */
export function pollEventLogs(
  db: Db,
  feeds: EventFeeds,
  events: EventBus,
  intervalMs: number,
  logger: Logger,
): () => Promise<void> {
  const seen = new Map<string, number>();
  let failing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const poll = async () => {
    const followed = feeds.followed();
    for (const id of seen.keys()) if (!followed.has(id)) seen.delete(id);
    const ids = [...followed];
    for (let i = 0; i < ids.length && !stopped; i += CHUNK) {
      const ends = await db.company.findMany({
        where: { id: { in: ids.slice(i, i + CHUNK) } },
        select: { id: true, lastEventSequence: true },
      });
      for (const { id, lastEventSequence } of ends) {
        if (seen.get(id) === lastEventSequence) continue;
        seen.set(id, lastEventSequence);
        events.documentEventsFound(id, lastEventSequence);
      }
    }
  };
  const tick = () => {
    running = poll().then(
      () => {
        if (failing) logger.info('the event log can be read again');
        failing = false;
      },
      (error: unknown) => {
        if (!failing) logger.warn('could not poll the event log; trying again', error);
        failing = true;
      },
    );
    void running.then(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  timer = setTimeout(tick, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

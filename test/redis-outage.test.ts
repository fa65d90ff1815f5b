/**
 * Redis only wakes servers up: each server also polls the event log, so while Redis is away
 * documents still reach receivers on other servers, and once it is back they are pushed again.
 */
import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FollowDocumentEventsDocument, SendDocumentDocument } from './generated/graphql.js';
import { connectCompany } from './helpers/connect.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { invoice } from './helpers/documents.js';
import { hasRedisServer, startThrowawayRedis } from './helpers/redis.js';
import { startServerOnSameDatabase } from './helpers/second-server.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

// Two servers share one database only on PostgreSQL; the embedded database belongs to one process.
const postgres = process.env.DATABASE_URL;
const redis = hasRedisServer();
if (!postgres || !redis) {
  const missing = postgres
    ? 'install redis-server (apt-get install redis-server)'
    : 'set DATABASE_URL to a PostgreSQL server';
  console.log(`Redis outage tests skipped: ${missing} to run them`);
}

/** A sender on one server and a live receiver on another, both on `redisUrl`, polling the log every `pollMs`. */
async function senderAndReceiver(redisUrl: string, pollMs: number) {
  const env = { REDIS_URL: redisUrl, EVENT_POLL_INTERVAL_MS: String(pollMs) };
  const sending = await startTestServer(env);
  const receiving = await startServerOnSameDatabase(sending, env);
  const company = await connectCompany(sending, { plan: 'BUSINESS' });
  const client = createClient({
    url: receiving.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${company.receiver.token}` },
    retryAttempts: 0,
  });
  disposeAfterAll(() => client.dispose());
  const feed = subscribe(client, FollowDocumentEventsDocument, {});
  await feed.ready;
  let sent = 0;
  return {
    feed,
    send: async () => {
      sent += 1;
      const { sendDocument } = await sending.query(
        SendDocumentDocument,
        { input: { idempotencyKey: `redis-${sent}`, document: invoice(company.nip) as never } },
        company.sender.token,
      );
      expect(sendDocument.__typename).toBe('SendDocumentPayload');
    },
  };
}

/** The cursors 1…n: every event once, in order, with no gap. */
const sequence = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

describe.runIf(postgres && redis)('Redis going away and coming back', () => {
  it('keeps delivering across servers while Redis is down', async () => {
    const redisServer = await startThrowawayRedis();
    const { feed, send } = await senderAndReceiver(redisServer.url, 200);
    for (let i = 0; i < 5; i += 1) await send();
    await redisServer.kill();
    for (let i = 0; i < 10; i += 1) await send();
    const events = await feed.take(15, 20_000);
    expect(events.map((event) => event.cursor)).toEqual(sequence(15));
  });

  it('polls the log in one statement per server, however many subscribers and companies it has', async () => {
    const redisServer = await startThrowawayRedis();
    const env = { REDIS_URL: redisServer.url, EVENT_POLL_INTERVAL_MS: '100' };
    const receiving = await startTestServer(env);
    const companies = [];
    for (let i = 0; i < 3; i += 1) companies.push(await connectCompany(receiving, { plan: 'BUSINESS' }));
    for (const company of companies) {
      for (let i = 0; i < 2; i += 1) {
        const client = receiving.wsClient(company.receiver.token);
        disposeAfterAll(() => client.dispose());
        await subscribe(client, FollowDocumentEventsDocument, {}).ready;
      }
    }
    const quiet = () => new Promise((resolve) => setTimeout(resolve, 1000));
    // The subscriptions' first reads of the log, made once they start, are over by then.
    await quiet();
    // Nothing is sent meanwhile: what the server runs is its poll (and maybe its mail outbox's).
    const statements = await receiving.queriesDuring(quiet);
    const polls = statements.filter((sql) => sql.includes('lastEventSequence'));
    expect(polls.length).toBeGreaterThan(0);
    // One statement asks for the three companies together, each tick the same one.
    expect(new Set(polls).size).toBe(1);
    expect(polls[0]).toMatch(/IN \(\$1,\$2,\$3\)/);
    expect(statements.filter((sql) => sql.includes('DocumentEvent'))).toEqual([]);
  });

  it('pushes again once Redis is back, long before the next poll', async () => {
    const redisServer = await startThrowawayRedis();
    // No poll within this test: whatever arrives was pushed through Redis.
    const { feed, send } = await senderAndReceiver(redisServer.url, 600_000);
    await send();
    await feed.take(1, 10_000);
    await redisServer.kill();
    await send();
    await redisServer.start();
    // Until both servers have reconnected and subscribed again a send may not be announced; each
    // send that is announced brings every event before it too.
    let sent = 2;
    for (;;) {
      await send();
      sent += 1;
      if (feed.received.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (feed.received.length > 0) break;
      expect(sent, 'Redis did not carry a signal again within 20 sends').toBeLessThan(22);
    }
    const events = await feed.take(sent - 1, 10_000);
    expect(events.map((event) => event.cursor)).toEqual(sequence(sent).slice(1));
  });
});

/**
 * Three servers as `npm start` runs them, on one PostgreSQL database and Redis, behind HAProxy: HTTP
 * and WebSocket go through the balancer, and a receiver whose server is killed reconnects through it
 * to another server and resumes by cursor.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { KonektClient, type EventFieldsFragment } from '../packages/client/src/index.js';
import { connectCompany } from './helpers/connect.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { invoice } from './helpers/documents.js';
import { missingForCluster, startHaproxy } from './helpers/haproxy.js';
import { besideTestServer, startMain, type MainProcess } from './helpers/main.js';
import { startTestServer } from './helpers/server.js';
import { collectEvents } from './helpers/subscriptions.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const missing = await missingForCluster(redisUrl, { haproxy: true });
if (missing) console.log(missing);

const SEND = `mutation ($input: SendDocumentInput!) {
  sendDocument(input: $input) { __typename ... on SendDocumentPayload { outcome document { number } } }
}`;

/**
 * A GraphQL request on a connection of its own, closed after the answer: the balancer's count of
 * open connections per server then shows only the WebSockets.
 */
function post(url: string, query: string, variables: unknown, token?: string) {
  return new Promise<{ status: number; body: { data?: Record<string, Record<string, unknown>> } }>(
    (resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode!, body: JSON.parse(text) as never });
            } catch {
              reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
            }
          });
        },
      );
      req.once('error', reject);
      req.end(JSON.stringify({ query, variables }));
    },
  );
}

async function threeServers() {
  // The in-process server creates and migrates the database, and connects the company (it reads the mails).
  const setup = await startTestServer({ REDIS_URL: redisUrl });
  const env = await besideTestServer(setup, redisUrl);
  const [company, ...servers] = await Promise.all([
    connectCompany(setup),
    startMain(env),
    startMain(env),
    startMain(env),
  ]);
  const balancer = await startHaproxy(servers.map((server) => server.url));
  disposeAfterAll(() => balancer.stop());
  await balancer.waitForUp(3);
  return { company, servers: servers as MainProcess[], balancer };
}

const cluster = missing ? undefined : await threeServers();

describe.runIf(cluster)('three servers behind HAProxy', () => {
  it('answers HTTP through the balancer from every server', async () => {
    const { balancer } = cluster!;
    for (let i = 0; i < 6; i += 1) {
      const answer = await post(balancer.url, '{ __typename }', {});
      expect(answer).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    }
    const servers = await balancer.servers();
    expect(servers.map((server) => server.total)).toEqual([2, 2, 2]);
  });

  it('moves a receiver whose server is killed to another one, which resumes by cursor: every document once, in order', async () => {
    const { balancer, company, servers } = cluster!;
    const send = async (key: string) => {
      // A send whose server died under it is sent again with the same key: stored once whatever happened.
      for (let attempt = 1; ; attempt += 1) {
        const answer = await post(
          balancer.url,
          SEND,
          { input: { idempotencyKey: key, document: invoice(company.nip, { number: key }) } },
          company.sender.token,
        ).catch((error: unknown) => error as Error);
        if (!(answer instanceof Error) && answer.status === 200) return answer.body.data!.sendDocument!.outcome;
        if (attempt === 5) throw new Error(`${key}: ${answer instanceof Error ? answer.message : answer.status}`);
      }
    };

    const { events, onEvent, arrived } = collectEvents<EventFieldsFragment>();
    const reconnects: Error[] = [];
    const stop = new AbortController();
    const following = new KonektClient({ url: balancer.url, token: company.receiver.token }).follow({
      signal: stop.signal,
      maxDelayMs: 200,
      onReconnect: (_attempt, _delay, reason) => reconnects.push(reason),
      onEvent,
    });
    try {
      expect(await send('LB/first')).toBe('CREATED');
      await arrived(1);

      // The only connection the balancer holds open now is the receiver's WebSocket.
      const holding = (await balancer.servers()).findIndex((server) => server.current === 1);
      expect(holding).toBeGreaterThanOrEqual(0);
      await servers[holding]!.kill();

      const keys = Array.from({ length: 20 }, (_, i) => `LB/${i + 1}`);
      const outcomes = await Promise.all(keys.map(send));
      expect(outcomes.every((outcome) => outcome === 'CREATED' || outcome === 'REPLAY')).toBe(true);
      // Sent after all the others and delivered in order: once it is here, any duplicate would be too.
      expect(await send('LB/last')).toBe('CREATED');
      await arrived(22);

      expect(reconnects.length).toBeGreaterThan(0);
      expect(events.map((event) => event.sequence)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
      const numbers = events.map((event) => event.document.number);
      expect(new Set(numbers).size).toBe(22);
      expect([...numbers].sort()).toEqual(['LB/first', ...keys, 'LB/last'].sort());
      await balancer.waitForUp(2);
    } finally {
      stop.abort();
      await following;
    }
  });
});

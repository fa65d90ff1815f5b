import { describe, expect, it } from 'vitest';
import { KonektClient, type EventFieldsFragment } from '../packages/client/src/index.js';
import { FollowDocumentEventsDocument, SendDocumentDocument } from './generated/graphql.js';
import { connectCompany, openLiveSocket } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startPostgresCluster } from './helpers/postgres-cluster.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

const cluster = await startPostgresCluster();
const outageServer = cluster && (await startTestServer({}, { databaseUrl: await cluster.createDatabase('outage') }));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Waits until a condition on the test's own state holds. */
const reached = (what: string, condition: () => boolean) =>
  until(what, () => Promise.resolve(condition() ? true : undefined));

describe.runIf(cluster)('while the database is down', () => {
  it('answers 503 with Retry-After and SERVICE_UNAVAILABLE, ends only the failing subscription, and recovers by itself', async () => {
    const server = outageServer!;
    const company = await connectCompany(server);
    const health = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { 'accept-language': 'en' } });
    expect((await health('/readyz')).status).toBe(200);

    // A healthy subscription, waiting for events, on the socket that will also see a failure.
    const socket = await openLiveSocket(server, company.receiver.token);
    const healthy = subscribe(socket.client, FollowDocumentEventsDocument, {});
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'before', document: invoice(company.nip) as never } },
      company.sender.token,
    );
    expect(await healthy.take(1)).toHaveLength(1);

    await cluster!.stop();

    const page = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'accept-language': 'en',
        authorization: `Bearer ${company.receiver.token}`,
      },
      body: JSON.stringify({ query: '{ documentEvents(first: 5) { edges { cursor } } }' }),
    });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(((await page.json()) as { errors: unknown[] }).errors[0]).toMatchObject({
      message: 'Konekt cannot reach its database right now; try again in 5 s',
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 },
    });
    // Another token, not cached: the failure is in reading who asks, with the same answer.
    const signIn = await server.gql(
      'mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }',
      { input: { email: company.owner.email, password: 'whatever-it-is' } },
      'a-token-this-server-never-saw',
    );
    expect(signIn.status).toBe(503);
    expect(signIn.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

    const live = await health('/healthz');
    expect([live.status, await live.text()]).toEqual([200, 'alive']);
    const ready = await health('/readyz');
    expect([ready.status, ready.headers.get('retry-after'), await ready.text()]).toEqual([
      503,
      '5',
      'not ready: the database cannot be reached',
    ]);

    // A new subscription cannot check its cursor: it ends with the typed error, and the socket stays open.
    const failing = subscribe(socket.client, FollowDocumentEventsDocument, { after: '1' });
    await expect(failing.take(1)).rejects.toThrow(/SERVICE_UNAVAILABLE/);
    // Once the token's few cached seconds are over, checking who subscribes fails the same way, alone.
    server.advanceClock(10_000);
    const unchecked = subscribe(socket.client, FollowDocumentEventsDocument, {});
    await expect(unchecked.take(1)).rejects.toThrow(/SERVICE_UNAVAILABLE/);
    expect(socket.isClosed()).toBe(false);
    // A new socket cannot be checked at all: it is told to try again later (1013), not dropped.
    await expect(openLiveSocket(server, company.sender.token)).rejects.toThrow(/"code":1013/);

    await cluster!.start();
    await until('readiness', async () => ((await health('/readyz')).status === 200 ? true : undefined));
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'after', document: invoice(company.nip) as never } },
      company.sender.token,
    );
    // The subscription that waited through the outage gets the new event on the same socket.
    const [event] = await healthy.take(1);
    expect(event!.sequence).toBe(2);
    expect(socket.isClosed()).toBe(false);
    healthy.close();
  });

  it('under load: senders get 503 with Retry-After while it restarts, their retries land once, and the receiver gets every document once, in order', async () => {
    const server = outageServer!;
    const company = await connectCompany(server);
    const events: EventFieldsFragment[] = [];
    const stop = new AbortController();
    const following = new KonektClient({ url: server.url, token: company.receiver.token }).follow({
      signal: stop.signal,
      maxDelayMs: 200,
      onEvent: (event) => void events.push(event),
    });
    const refusals: { status: number; retryAfter: string | null }[] = [];
    let acknowledged = 0;
    /** Sends one document until it is acknowledged, always with the same key. */
    const sendUntilStored = async (key: string) => {
      for (;;) {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${company.sender.token}` },
          body: JSON.stringify({
            query:
              'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { ... on SendDocumentPayload { outcome } } }',
            variables: { input: { idempotencyKey: key, document: invoice(company.nip, { number: key }) } },
          }),
        });
        const body = (await response.json()) as { data?: { sendDocument?: { outcome?: string } } };
        if (response.status === 200 && body.data?.sendDocument?.outcome) return body.data.sendDocument.outcome;
        refusals.push({ status: response.status, retryAfter: response.headers.get('retry-after') });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const senders = 8;
    const perSender = 25;
    const keys = Array.from({ length: senders * perSender }, (_, i) => `LOAD/${i}`);
    try {
      const sending = Promise.all(
        Array.from({ length: senders }, async (_, sender) => {
          const outcomes: string[] = [];
          for (let i = sender; i < keys.length; i += senders) {
            outcomes.push(await sendUntilStored(keys[i]!));
            acknowledged += 1;
          }
          return outcomes;
        }),
      );
      await reached('the first acknowledgements', () => acknowledged >= 40);
      await cluster!.stop();
      await reached('a refusal', () => refusals.length > 0);
      await cluster!.start();
      const outcomes = (await sending).flat();

      // A send cut off in its statement may have been stored or not: sent again, it is REPLAY or CREATED.
      expect(outcomes.every((outcome) => outcome === 'CREATED' || outcome === 'REPLAY')).toBe(true);
      // Refused at the door or cut off mid-statement, every failed send was told to come back later.
      expect(refusals.length).toBeGreaterThan(0);
      expect(refusals.every((refusal) => refusal.status === 503 && refusal.retryAfter === '5')).toBe(true);
      await reached('every event', () => events.length >= keys.length);
      await server.query(
        SendDocumentDocument,
        { input: { idempotencyKey: 'LOAD/last', document: invoice(company.nip, { number: 'LOAD/last' }) as never } },
        company.sender.token,
      );
      await reached('the last event', () => events.length >= keys.length + 1);
      expect(events.map((event) => event.sequence)).toEqual(Array.from({ length: keys.length + 1 }, (_, i) => i + 1));
      expect(events.map((event) => event.document.number).sort()).toEqual([...keys, 'LOAD/last'].sort());
    } finally {
      stop.abort();
      await following;
    }
  });
});

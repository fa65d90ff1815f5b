import { afterAll, describe, expect, it } from 'vitest';
import { FollowDocumentEventsDocument } from './generated/graphql.js';
import { PASSWORD } from './helpers/accounts.js';
import { connectCompany, openLiveSocket, type ConnectedCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { fillPlaceholders, fixture, SELLER_NIP } from './helpers/ksef.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';
import { eventually } from './helpers/wait.js';

/** Every line the server logs, as written: JSON, one object a line. */
const written: string[] = [];
const server = await startTestServer(
  { LOG_LEVEL: 'debug', METRICS_PORT: '0' },
  { logs: { write: (line: string) => void written.push(line) } },
);
const logLines = () => written.join('').split('\n').filter(Boolean);
const logged = () => logLines().map((line) => JSON.parse(line) as Record<string, unknown>);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en', ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
  return { status: response.status, requestId: response.headers.get('x-request-id'), answer };
}

async function scrape(): Promise<string> {
  const response = await fetch(server.metricsUrl!);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one series, e.g. `konekt_live_subscribers{feed="company"}`; undefined when absent. */
async function sample(series: string): Promise<number | undefined> {
  const line = (await scrape()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const SENT_STORED = 'konekt_documents_sent_total{result="stored"}';
const SENT_FAILED = 'konekt_documents_sent_total{result="failed"}';
const SUBSCRIBERS = 'konekt_live_subscribers{feed="company"}';
const DELIVERED = 'konekt_events_delivered_total{feed="company"}';

let company: ConnectedCompany;
const sendAs = (number: string, key: string) =>
  post(
    {
      query:
        'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { __typename ... on SendDocumentPayload { outcome } } }',
      variables: { input: { idempotencyKey: key, document: invoice(company.nip, { number }) } },
    },
    { authorization: `Bearer ${company.sender.token}` },
  );

// Makes the database fail one document's insert, as an unexpected failure would.
const BOOM = 'konekt_test_observability_boom';
const AWAY = 'konekt_test_observability_away';
const FA3_TEMPLATE = 'cirfmf-java-invoice-template_v3.xml';
afterAll(async () => {
  await server.app.services.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${BOOM} ON "Document"`);
  await server.app.services.db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${BOOM}()`);
});

describe('logs', () => {
  it('writes JSON lines, each line of a request with its id, which the answer and its errors carry too', async () => {
    const refused = await post(
      { query: '{ me { id } }' },
      { 'x-request-id': 'lb-7f3a.1', authorization: 'Bearer k_forged' },
    );
    expect(refused.status).toBe(401);
    expect(refused.requestId).toBe('lb-7f3a.1');
    expect(refused.answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'lb-7f3a.1' });
    expect(logged()).toContainEqual(
      expect.objectContaining({ level: 'info', msg: 'request', requestId: 'lb-7f3a.1', path: '/graphql', status: 401 }),
    );

    // No id, or one that could forge a log line: the server makes its own.
    const insane: Record<string, string>[] = [{}, { 'x-request-id': 'x'.repeat(200) }, { 'x-request-id': 'a"b' }];
    for (const headers of insane) {
      const { requestId, answer } = await post({ query: '{ nosuchfield }' }, headers);
      expect(requestId).toMatch(UUID);
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', requestId });
      expect(logged()).toContainEqual(expect.objectContaining({ msg: 'request', requestId }));
    }
  });

  it('gives a masked unexpected error the request id, and logs the failure under it', async () => {
    company = await connectCompany(server);
    const db = server.app.services.db;
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION ${BOOM}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END; $$`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${BOOM} BEFORE INSERT ON "Document" FOR EACH ROW
      WHEN (NEW.number = 'BOOM') EXECUTE FUNCTION ${BOOM}()`);
    const failedBefore = await sample(SENT_FAILED);
    const failed = await sendAs('BOOM', 'boom');
    expect(failed.status).toBe(200);
    expect(failed.answer.errors?.[0]).toMatchObject({
      message: 'Unexpected error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: failed.requestId },
    });
    const lines = logged().filter((line) => line.requestId === failed.requestId);
    // What the database said, with its stack, for the operator (PGlite words it less fully than PostgreSQL).
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', err: expect.objectContaining({ stack: expect.any(String) }) }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', status: 200 }));
    expect(await sample(SENT_FAILED)).toBe(failedBefore! + 1);
  });

  it('gives an operation over a WebSocket its own id, in its errors and its log lines', async () => {
    const socket = await openLiveSocket(server, company.receiver.token);
    const result = (await socket.run('subscription { documentEvents(after: "not a cursor") { sequence } }')) as {
      errors?: { extensions?: { code?: string; requestId?: string } }[];
    };
    const requestId = result.errors?.[0]?.extensions?.requestId;
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(requestId).toMatch(UUID);
    expect(logged()).toContainEqual(expect.objectContaining({ msg: 'socket operation', requestId }));
  });

  it('masks an unexpected failure inside a subscription event over a WebSocket, with the id, and logs it', async () => {
    const seller = await connectCompany(server, { nip: SELLER_NIP });
    const sent = await post(
      {
        query: 'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { __typename } }',
        variables: { input: { idempotencyKey: 'fa3', ksefXml: fillPlaceholders(fixture(FA3_TEMPLATE)) } },
      },
      { authorization: `Bearer ${seller.sender.token}` },
    );
    expect(sent.answer).toEqual({ data: { sendDocument: { __typename: 'SendDocumentPayload' } } });
    // The event's XML is read only when asked for: a column the server cannot find fails that read alone.
    const db = server.app.services.db;
    const socket = await openLiveSocket(server, seller.receiver.token);
    await db.$executeRawUnsafe(`ALTER TABLE "DocumentVersion" RENAME COLUMN "ksefXml" TO "${AWAY}"`);
    try {
      const result = (await socket.run(
        'subscription { documentEvents(after: "0") { sequence document { ksefXml } } }',
      )) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string; requestId?: string } }[];
      };
      expect(result.data).toEqual({ documentEvents: { sequence: 1, document: { ksefXml: null } } });
      expect(result.errors).toEqual([
        expect.objectContaining({
          message: 'Nieoczekiwany błąd',
          path: ['documentEvents', 'document', 'ksefXml'],
          extensions: expect.objectContaining({
            code: 'INTERNAL_SERVER_ERROR',
            requestId: expect.stringMatching(UUID),
          }),
        }),
      ]);
      const { requestId } = result.errors![0]!.extensions!;
      expect(JSON.stringify(result)).not.toContain(AWAY);
      expect(logged()).toContainEqual(
        expect.objectContaining({
          level: 'error',
          requestId,
          err: expect.objectContaining({ stack: expect.any(String) }),
        }),
      );
    } finally {
      await socket.client.dispose();
      await db.$executeRawUnsafe(`ALTER TABLE "DocumentVersion" RENAME COLUMN "${AWAY}" TO "ksefXml"`);
    }
  });
});

describe('metrics', () => {
  it('are not on the public port', async () => {
    const response = await fetch(`${server.baseUrl}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('konekt_');
  });

  it('count documents sent and delivered, and live subscribers', async () => {
    const storedBefore = (await sample(SENT_STORED))!;
    const deliveredBefore = (await sample(DELIVERED))!;
    expect(await sample(SUBSCRIBERS)).toBe(0);

    const live = subscribe(server.wsClient(company.receiver.token), FollowDocumentEventsDocument, {});
    await eventually('the subscriber is counted', async () => (await sample(SUBSCRIBERS)) === 1);
    const sent = await sendAs(`FV/OBS/${Date.now()}`, 'counted');
    expect(sent.answer).toMatchObject({ data: { sendDocument: { outcome: 'CREATED' } } });
    expect(await sample(SENT_STORED)).toBe(storedBefore + 1);
    await live.take(1);
    await eventually('the delivery is counted', async () => (await sample(DELIVERED)) === deliveredBefore + 1);
    expect(await sample('konekt_event_lag_events')).toBe(0);

    live.close();
    await eventually('the subscriber is gone', async () => (await sample(SUBSCRIBERS)) === 0);
  });

  it('read the mail outbox, the process and, on PostgreSQL, the connection pool; and the GraphQL operations', async () => {
    const text = await scrape();
    expect(await sample('konekt_mail_outbox_mails{status="pending"}')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^konekt_mail_delivered_total \d+$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^graphql_envelop_request_duration_count\{operationType="mutation"\} \d+$/m);
    const pool = await sample('konekt_database_pool_connections{state="busy"}');
    if (process.env.DATABASE_URL) expect(pool).toBeGreaterThanOrEqual(0);
    else expect(pool).toBeUndefined();
  });
});

describe('secrets', () => {
  it('never reach the logs: passwords, tokens, links with tokens', () => {
    const text = logLines().join('\n');
    expect(logLines().length).toBeGreaterThan(20);
    for (const secret of [PASSWORD, company.sender.token, company.receiver.token, company.owner.token, 'k_forged']) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/token=/);
  });
});

/**
 * A deploy stops a server with SIGTERM: it takes no new connections, answers what it was asked,
 * and tells its live subscribers to reconnect elsewhere at once; they resume by cursor there.
 */
import { request } from 'node:http';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { KonektClient, KonektConnectionLostError } from '../packages/client/src/index.js';
import { SendDocumentDocument } from './generated/graphql.js';
import { connectCompany, openLiveSocket } from './helpers/connect.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { invoice } from './helpers/documents.js';
import { startMain } from './helpers/main.js';
import { startTestServer } from './helpers/server.js';
import { eventually } from './helpers/wait.js';

// Two servers share one database only on PostgreSQL; the embedded database belongs to one process.
const postgres = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
if (!postgres)
  console.log('the two-server shutdown test is skipped: set DATABASE_URL to a PostgreSQL server to run it');

const DOCUMENTS = 40;

/**
 * A sendDocument whose body is held back after its first bytes, so that it is surely in progress
 * on the server; `finish()` sends the rest and resolves with the answer.
 */
async function heldSend(url: string, token: string, nip: string) {
  const body = Buffer.from(
    JSON.stringify({
      query: print(SendDocumentDocument),
      variables: { input: { idempotencyKey: 'in-flight', document: invoice(nip) } },
    }),
  );
  const req = request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${token}` },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
  });
  req.write(body.subarray(0, 10));
  // The request is in progress once the server has read its head.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    finish() {
      req.end(body.subarray(10));
      return answer;
    },
  };
}

describe('stopping a server', () => {
  it('answers the request in progress and closes live sockets with 1012, then takes nothing more', async () => {
    const server = await startTestServer();
    const company = await connectCompany(server, { plan: 'BUSINESS' });
    const socket = await openLiveSocket(server, company.receiver.token);
    const inFlight = await heldSend(server.url, company.sender.token, company.nip);
    const stopped = server.app.stop();
    const answer = await inFlight.finish();
    expect(JSON.parse(answer.text)).toMatchObject({
      data: { sendDocument: { __typename: 'SendDocumentPayload', outcome: 'CREATED' } },
    });
    expect((await socket.closed()).code).toBe(1012);
    await stopped;
    await expect(fetch(server.url, { method: 'POST' })).rejects.toThrow();
  });
});

describe('stopping a server with STOP_DRAIN_MS', () => {
  it('first says so on /readyz alone, serving everything else, then stops', async () => {
    const server = await startTestServer({ STOP_DRAIN_MS: '2000' });
    const company = await connectCompany(server, { plan: 'BUSINESS' });
    const socket = await openLiveSocket(server, company.receiver.token);
    let stopped = false;
    const stopping = server.app.stop().then(() => (stopped = true));
    const base = new URL(server.url).origin;

    const readyz = await fetch(`${base}/readyz`, { headers: { 'accept-language': 'en' } });
    expect(readyz.status).toBe(503);
    expect(readyz.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await readyz.text()).toBe('not ready: the server is stopping; send new requests to another one');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const { sendDocument } = await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'while-draining', document: invoice(company.nip) as never } },
      company.sender.token,
    );
    expect(sendDocument).toMatchObject({ __typename: 'SendDocumentPayload', outcome: 'CREATED' });
    expect(socket.isClosed()).toBe(false);
    expect(stopped).toBe(false);

    expect((await socket.closed()).code).toBe(1012);
    await stopping;
    await expect(fetch(server.url, { method: 'POST' })).rejects.toThrow();
  });
});

describe.runIf(postgres)('stopping a server with SIGTERM', () => {
  it('answers the request in progress, and its receiver moves to another server and gets every document once', async () => {
    const other = await startTestServer({ REDIS_URL: redisUrl });
    const company = await connectCompany(other, { plan: 'BUSINESS' });
    const stopping = await startMain({ DATABASE_URL: other.databaseUrl!, REDIS_URL: redisUrl, LOG_LEVEL: 'info' });

    const received: string[] = [];
    const reconnects: { delayMs: number; reason: Error }[] = [];
    let reconnectedTo: string | undefined;
    const abort = new AbortController();
    disposeAfterAll(() => abort.abort());
    const receiver = new KonektClient({ url: stopping.url, alternateUrls: [other.url], token: company.receiver.token });
    const following = receiver.follow({
      signal: abort.signal,
      onEvent: (event) => void received.push(event.cursor),
      onReconnect: (_attempt, delayMs, reason) => reconnects.push({ delayMs, reason }),
      onReconnected: (url) => (reconnectedTo = url),
    });

    // The sender keeps sending to the other server all along.
    let sent = 0;
    const sending = (async () => {
      for (let i = 0; i < DOCUMENTS; i += 1) {
        const { sendDocument } = await other.query(
          SendDocumentDocument,
          { input: { idempotencyKey: `deploy-${i}`, document: invoice(company.nip) as never } },
          company.sender.token,
        );
        expect(sendDocument.__typename).toBe('SendDocumentPayload');
        sent += 1;
      }
    })();
    // Awaited below; a failure before then must not also surface as an unhandled rejection.
    sending.catch(() => undefined);
    await eventually('the receiver has the first documents from the server about to stop', () => received.length >= 5);

    const inFlight = await heldSend(stopping.url, company.sender.token, company.nip);
    const exited = stopping.stop();
    await stopping.waitForLog(/SIGTERM received/);
    const answer = await inFlight.finish();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({
      data: { sendDocument: { __typename: 'SendDocumentPayload', outcome: 'CREATED' } },
    });
    expect(await exited).toBe(0);

    await sending;
    expect(sent).toBe(DOCUMENTS);
    await eventually('the receiver has every document', () => received.length >= DOCUMENTS + 1);
    abort.abort();
    await following;

    // Every sequence from 1 up, once each, in order.
    expect(received).toEqual(Array.from({ length: DOCUMENTS + 1 }, (_, i) => String(i + 1)));
    const [first] = reconnects;
    expect(first?.reason).toBeInstanceOf(KonektConnectionLostError);
    expect((first?.reason as KonektConnectionLostError).closeCode).toBe(1012);
    expect(first?.delayMs).toBe(0);
    expect(reconnectedTo).toBe(other.url);
  });
});

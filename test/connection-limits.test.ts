import net from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { registerOwner } from './helpers/accounts.js';
import { SendDocumentDocument } from './generated/graphql.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startTestServer, type TestServer } from './helpers/server.js';

const tcp = await startTestServer({ MAX_CONNECTIONS_PER_ADDRESS: '4', HTTP_HEADERS_TIMEOUT_MS: '500' });
const total = await startTestServer({ MAX_CONNECTIONS: '3' });
// Behind a proxy on 127.0.0.1, so each test speaks from addresses of its own.
const ws = await startTestServer({
  TRUST_PROXY: '127.0.0.1',
  MAX_SOCKETS_PER_ADDRESS: '3',
  MAX_SOCKETS_PER_TOKEN: '2',
  MAX_SUBSCRIPTIONS_PER_TOKEN: '2',
  MAX_SUBSCRIPTIONS_PER_ADDRESS: '3',
  ANONYMOUS_SOCKET_IDLE_MS: '300',
  CONNECTION_INIT_TIMEOUT_MS: '300',
});

const leftovers: { destroy(): void }[] = [];
const clients: Client[] = [];
afterAll(async () => {
  for (const socket of leftovers) socket.destroy();
  for (const client of clients) await client.dispose();
});

/** A TCP connection that sends nothing; resolves once connected. */
async function idleConnection(server: TestServer) {
  const socket = net.connect(Number(new URL(server.baseUrl).port), '127.0.0.1');
  leftovers.push(socket);
  let received = '';
  socket.on('data', (chunk) => (received += String(chunk)));
  const closed = new Promise<string>((resolve) => socket.once('close', () => resolve(received)));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, closed };
}

/** The status and headers of a plain HTTP request on a new connection. */
function request(server: TestServer, path = '/healthz') {
  return new Promise<{ status: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
    const socket = net.connect(Number(new URL(server.baseUrl).port), '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: en\r\nConnection: close\r\n\r\n`),
    );
    leftovers.push(socket);
    let text = '';
    socket.on('data', (chunk) => (text += String(chunk)));
    socket.once('error', reject);
    socket.once('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body });
    });
  });
}

/** A WebSocket to the ws server that says it comes from `from`; its handshake answer when refused. */
function upgrade(from: string, protocol = 'graphql-transport-ws') {
  const socket = new WebSocket(ws.url.replace(/^http/, 'ws'), protocol, { headers: { 'x-forwarded-for': from } });
  // A refused handshake is an 'error' of the client socket; the tests look at the answer instead.
  socket.on('error', () => undefined);
  leftovers.push({ destroy: () => socket.terminate() });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('close', () => reject(new Error('the socket closed before it opened')));
  });
  opened.catch(() => undefined);
  return {
    socket,
    opened,
    refused: new Promise<{ status: number; retryAfter?: string }>((resolve) =>
      socket.once('unexpected-response', (_request, response) =>
        resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }),
      ),
    ),
    closed: new Promise<{ code: number; reason: string }>((resolve) =>
      socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
    ),
  };
}

/** A graphql-ws client speaking from `from`, connecting at once; `connected` says whether it was acknowledged. */
function live(from: string, token?: string) {
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  let onConnected: () => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  const acknowledged = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: ws.url.replace(/^http/, 'ws'),
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols: string | string[]) {
        super(url, protocols, { headers: { 'x-forwarded-for': from } });
      }
    },
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: { connected: () => onConnected(), closed: (event) => onClosed(event as { code: number; reason: string }) },
  });
  clients.push(client);
  return {
    closed,
    connected: Promise.race([acknowledged.then(() => true), closed.then(() => false)]),
    isOpen: () => Promise.race([closed.then(() => false), Promise.resolve(true)]),
    /** Resolves with 'next' once the first event arrives, or with the errors it was refused with. */
    subscribe(query: string) {
      let stop = () => undefined as void;
      const outcome = new Promise<unknown>((resolve) => {
        stop = client.subscribe(
          { query },
          { next: () => resolve('next'), error: resolve, complete: () => resolve('complete') },
        );
      });
      return { outcome, stop: () => stop() };
    },
  };
}

describe('connection limits', () => {
  it('answers a connection over the per-address cap with 429 and Retry-After, and takes it again once one closes', async () => {
    const idle = await Promise.all(Array.from({ length: 4 }, () => idleConnection(tcp)));
    const refused = await request(tcp);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(refused.body)).toMatchObject({ errors: [{ extensions: { code: 'TOO_MANY_CONNECTIONS' } }] });
    idle[0]!.socket.destroy();
    await idle[0]!.closed;
    expect((await request(tcp)).status).toBe(200);
  });

  it('closes a connection that sends no request in time', async () => {
    const { closed } = await idleConnection(tcp);
    expect(await closed).toContain('408 Request Timeout');
  });

  it('closes connections beyond MAX_CONNECTIONS at once', async () => {
    const held = await Promise.all(Array.from({ length: 3 }, () => idleConnection(total)));
    const extra = await idleConnection(total);
    expect(await extra.closed).toBe('');
    for (const { socket } of held) socket.destroy();
  });

  it('refuses a WebSocket upgrade over the per-address cap with 429 and Retry-After', async () => {
    const from = '203.0.113.21';
    const open = [upgrade(from), upgrade(from), upgrade(from)];
    await Promise.all(open.map((socket) => socket.opened));
    const fourth = upgrade(from);
    expect(await fourth.refused).toEqual({ status: 429, retryAfter: '10' });
    // Another address is not affected.
    await upgrade('203.0.113.22').opened;
  });

  it('closes a socket without connection_init, and an anonymous socket left idle, with 4408', async () => {
    const silent = upgrade('203.0.113.23');
    expect((await silent.closed).code).toBe(4408);
    const anonymous = live('203.0.113.23');
    expect(await anonymous.connected).toBe(true);
    expect(await anonymous.closed).toMatchObject({ code: 4408, reason: 'Zamknięte: bezczynne bez tokenu' });
  });

  it('closes sockets over the per-token cap with 4429, and leaves signed-in sockets open when idle', async () => {
    const owner = await registerOwner(ws);
    const first = live('203.0.113.24', owner.token);
    const second = live('203.0.113.25', owner.token);
    expect(await first.connected).toBe(true);
    expect(await second.connected).toBe(true);
    const third = live('203.0.113.26', owner.token);
    expect(await third.connected).toBe(false);
    expect((await third.closed).code).toBe(4429);
    // Longer than an anonymous socket may idle.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await first.isOpen()).toBe(true);
  });

  it('refuses subscriptions over the per-token and per-address caps, keeping the socket open', async () => {
    const company = await connectCompany(ws);
    // One event on the log, so every subscription that is let in answers at once with it.
    await ws.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'one', document: invoice(company.nip) as never } },
      company.sender.token,
    );
    const from = '203.0.113.27';
    const sender = live(from, company.sender.token);
    const feed = 'subscription { documentEvents { sequence } }';
    const kept = [sender.subscribe(feed), sender.subscribe(feed)];
    for (const subscription of kept) expect(await subscription.outcome).toBe('next');
    expect(await sender.subscribe(feed).outcome).toMatchObject([
      { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max: 2 } },
    ]);
    const receiver = live(from, company.receiver.token);
    expect(await receiver.subscribe(feed).outcome).toBe('next');
    expect(await receiver.subscribe(feed).outcome).toMatchObject([
      { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max: 3 } },
    ]);
    // Ending one frees its place; the socket stayed open throughout.
    kept[0]!.stop();
    await expect.poll(() => sender.subscribe(feed).outcome).toBe('next');
    expect(await sender.isOpen()).toBe(true);
  });
});

/**
 * A subscriber that stops reading is closed with 4413 once more than SOCKET_MAX_BUFFERED_BYTES wait
 * for it, so the server holds no more for it; reconnecting with its cursor it gets the rest, once.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SendDocumentDocument } from './generated/graphql.js';
import { connectCompany } from './helpers/connect.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { invoice } from './helpers/documents.js';
import { startTestServer } from './helpers/server.js';
import { eventually } from './helpers/wait.js';

const MAX_BUFFERED = 256 * 1024;
/** Each event carries a 384 KiB attachment, so one unsent message passes the bound. */
const ATTACHMENT = randomBytes(384 * 1024).toString('base64');
/** Enough to fill the kernel's buffers on both ends of a local connection many times over. */
const DOCUMENTS = 24;

const FOLLOW = /* GraphQL */ `
  subscription ($after: String) {
    documentEvents(after: $after) {
      cursor
      document {
        attachments {
          contentBase64
        }
      }
    }
  }
`;

/** A graphql-ws subscription over a bare socket, so the test can stop reading it. */
async function rawFollow(url: string, token: string, after: string | null) {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  disposeAfterAll(() => ws.terminate());
  const cursors: string[] = [];
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const subscribed = new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        payload?: { data?: { documentEvents: { cursor: string } }; errors?: unknown };
      };
      if (message.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: FOLLOW, variables: { after } } }));
        resolve();
      } else if (message.type === 'next' && message.payload?.data)
        cursors.push(message.payload.data.documentEvents.cursor);
      else reject(new Error(data.toString()));
    });
    ws.once('error', reject);
  });
  ws.once('open', () =>
    ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
  );
  await subscribed;
  return {
    cursors,
    closed,
    socket: (ws as unknown as { _socket: Socket })._socket,
    close: () => ws.close(),
  };
}

describe('a subscriber that stops reading', () => {
  it('is closed with 4413, and resumes by cursor exactly once', async () => {
    const server = await startTestServer({ SOCKET_MAX_BUFFERED_BYTES: String(MAX_BUFFERED) });
    const company = await connectCompany(server, { plan: 'BUSINESS' });
    const slow = await rawFollow(server.url, company.receiver.token, null);
    slow.socket.pause();

    for (let i = 0; i < DOCUMENTS; i += 1) {
      const attachments = [
        { fileName: `scan-${i}.bin`, contentType: 'application/octet-stream', contentBase64: ATTACHMENT },
      ];
      const { sendDocument } = await server.query(
        SendDocumentDocument,
        { input: { idempotencyKey: `slow-${i}`, document: invoice(company.nip, { attachments }) as never } },
        company.sender.token,
      );
      expect(sendDocument.__typename).toBe('SendDocumentPayload');
    }
    // The server looks at its sockets' send buffers once a second, and closes one stuck over the
    // bound at its second look; the sends above outlast that many times over, this is a margin.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    slow.socket.resume();
    expect(await slow.closed).toBe(4413);
    expect(slow.cursors.length).toBeLessThan(DOCUMENTS);

    const after = slow.cursors.at(-1) ?? null;
    const resumed = await rawFollow(server.url, company.receiver.token, after);
    await eventually('the rest arrives', () => resumed.cursors.length >= DOCUMENTS - slow.cursors.length);
    resumed.close();
    expect([...slow.cursors, ...resumed.cursors]).toEqual(Array.from({ length: DOCUMENTS }, (_, i) => String(i + 1)));
  });
});

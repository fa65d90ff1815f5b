import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  CancelDocumentDocument,
  DocumentEventsPageDocument,
  FollowDocumentEventsDocument,
  SendDocumentDocument,
  type DocumentEventsPageQuery,
  type EventFieldsFragment,
} from './generated/graphql.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

const server = await startTestServer();

describe('guaranteed delivery', () => {
  it('gives a receiver that was offline every event exactly once and in order when it reconnects with its cursor', async () => {
    const company = await connectCompany(server, { plan: 'BUSINESS' });
    const online = subscribe(server.wsClient(company.receiver.token), FollowDocumentEventsDocument, {});
    const firstBatch = [];
    for (let i = 0; i < 3; i += 1) {
      const { sendDocument } = await server.query(
        SendDocumentDocument,
        { input: { idempotencyKey: `warmup-${i}`, document: invoice(company.nip) as never } },
        company.sender.token,
      );
      firstBatch.push(sendDocument);
    }
    const processed = await online.take(3);
    const lastCursor = processed[2]!.cursor;
    online.close();

    // While the receiver is away: 500 documents, then cancellations and new versions of some of them.
    const sentIds: string[] = [];
    const documents = Array.from({ length: 500 }, () => invoice(company.nip));
    for (let i = 0; i < documents.length; i += 1) {
      const { sendDocument } = await server.query(
        SendDocumentDocument,
        { input: { idempotencyKey: `offline-${i}`, document: documents[i] as never } },
        company.sender.token,
      );
      if (sendDocument.__typename !== 'SendDocumentPayload') throw new Error(JSON.stringify(sendDocument));
      sentIds.push(sendDocument.document.id);
    }
    for (let i = 0; i < 50; i += 1) {
      await server.query(CancelDocumentDocument, { id: sentIds[i * 10]! }, company.sender.token);
      await server.query(
        SendDocumentDocument,
        {
          input: {
            idempotencyKey: `offline-v2-${i}`,
            document: { ...documents[i * 10 + 1], notes: 'wersja 2' } as never,
          },
        },
        company.sender.token,
      );
    }
    const expectedCount = 500 + 100;

    const back = subscribe(server.wsClient(company.receiver.token), FollowDocumentEventsDocument, {
      after: lastCursor,
    });
    const replayed: EventFieldsFragment[] = await back.take(expectedCount, 60_000);
    const sequences = replayed.map((e) => e.sequence);
    expect(sequences[0]).toBe(Number(lastCursor) + 1);
    sequences.forEach((sequence, i) => expect(sequence).toBe(sequences[0]! + i));
    expect(new Set(replayed.map((e) => e.cursor)).size).toBe(expectedCount);
    expect(replayed.filter((e) => e.kind === 'SENT')).toHaveLength(500);
    expect(replayed.filter((e) => e.kind === 'CANCELLED')).toHaveLength(50);
    expect(replayed.filter((e) => e.kind === 'NEW_VERSION').map((e) => e.version)).toEqual(Array(50).fill(2));

    // Then it keeps streaming live after the replay, with nothing repeated.
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'after-replay', document: invoice(company.nip) as never } },
      company.sender.token,
    );
    const [live] = await back.take(1);
    expect(live!.sequence).toBe(sequences[sequences.length - 1]! + 1);
    expect(back.received).toHaveLength(0);
    back.close();

    // The query pages through the same log.
    const seen: number[] = [];
    let after: string | null | undefined = lastCursor;
    for (;;) {
      const page: DocumentEventsPageQuery = await server.query(
        DocumentEventsPageDocument,
        { after, first: 100 },
        company.receiver.token,
      );
      seen.push(...page.documentEvents.edges.map((e) => e.node.sequence));
      if (!page.documentEvents.pageInfo.hasNextPage) break;
      after = page.documentEvents.pageInfo.endCursor;
    }
    expect(seen).toEqual([...sequences, live!.sequence]);
  }, 120_000);

  it('numbers the events of concurrent senders without gaps, and a live reader sees them all in order', async () => {
    const company = await connectCompany(server, { plan: 'BUSINESS' });
    const reader = subscribe(server.wsClient(company.receiver.token), FollowDocumentEventsDocument, {});
    await reader.ready;
    const senders = 10;
    const perSender = 20;
    const results = await Promise.all(
      Array.from({ length: senders }, (_, s) =>
        (async () => {
          for (let i = 0; i < perSender; i += 1) {
            const { sendDocument } = await server.query(
              SendDocumentDocument,
              { input: { idempotencyKey: `concurrent-${s}-${i}`, document: invoice(company.nip) as never } },
              company.sender.token,
            );
            expect(sendDocument.__typename).toBe('SendDocumentPayload');
          }
        })(),
      ),
    );
    expect(results).toHaveLength(senders);
    const events = await reader.take(senders * perSender, 60_000);
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: senders * perSender }, (_, i) => i + 1));
    reader.close();
  }, 120_000);

  it('serves the live receivers of one company a new event without reading the log, as the log has it', async () => {
    const company = await connectCompany(server, { plan: 'BUSINESS' });
    const feeds = Array.from({ length: 5 }, () => subscribe(server.wsClient(company.receiver.token), FULL_EVENTS, {}));
    await Promise.all(feeds.map((feed) => feed.ready));
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'shared-0', document: invoice(company.nip) as never } },
      company.sender.token,
    );
    await Promise.all(feeds.map((feed) => feed.take(1)));

    let received: FullEvent[][] = [];
    const statements = await server.queriesDuring(async () => {
      await server.query(
        SendDocumentDocument,
        { input: { idempotencyKey: 'shared-1', document: { ...invoice(company.nip), notes: 'pilne' } as never } },
        company.sender.token,
      );
      received = await Promise.all(feeds.map((feed) => feed.take(1)));
    });
    expect(statements.filter((sql) => /FROM "DocumentEvent"/.test(sql))).toHaveLength(0);
    const fromLog = await server.query(FULL_EVENTS_PAGE, { after: '1' }, company.receiver.token);
    const logged = fromLog.documentEvents.edges.map((edge) => edge.node);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.document.notes).toBe('pilne');
    for (const [event] of received) expect(event).toEqual(logged[0]);
    for (const feed of feeds) feed.close();
  });
});

const EVENT_SELECTION = `cursor sequence kind version status occurredAt
  document { id number version status state issueDate currency notes createdAt updatedAt removedFromQueue
    buyer { name nip } lines { name quantity grossAmount } totals { grossAmount } }`;
type FullEvent = { sequence: number; document: { notes: string | null } };
const FULL_EVENTS = parse(`subscription { documentEvents { ${EVENT_SELECTION} } }`) as TypedDocumentNode<
  { documentEvents: FullEvent },
  Record<string, never>
>;
const FULL_EVENTS_PAGE = parse(
  `query ($after: String) { documentEvents(first: 10, after: $after) { edges { node { ${EVENT_SELECTION} } } } }`,
) as TypedDocumentNode<{ documentEvents: { edges: { node: FullEvent }[] } }, { after: string }>;

import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  AcknowledgeDocumentsDocument,
  CancelDocumentDocument,
  DocumentEventsPageDocument,
  DocumentsDocument,
  FollowDocumentEventsDocument,
  FollowOfficeEventsDocument,
  InviteMemberDocument,
  OfficeEventsPageDocument,
  RemoveDocumentFromQueueDocument,
  SendDocumentDocument,
  SetDocumentStatusDocument,
  type DocumentsQuery,
  type OfficeEventFieldsFragment,
} from './generated/graphql.js';
import { acceptInvitationAs, companyIdOf, connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { officeWithClients, removeOffice, send, withdrawReceiving, type Client } from './helpers/offices.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

const server = await startTestServer();

/** Every page of the office's feed after `after`, a few events at a time. */
async function readFeed(token: string, after: string | null = null) {
  const events: OfficeEventFieldsFragment[] = [];
  let cursor = after;
  for (;;) {
    const { officeDocumentEvents: page } = await server.query(
      OfficeEventsPageDocument,
      { after: cursor, first: 4 },
      token,
    );
    for (const edge of page.edges) {
      expect(edge.cursor).toBe(edge.node.cursor);
      events.push(edge.node);
    }
    cursor = page.pageInfo.endCursor!;
    if (!page.pageInfo.hasNextPage) return { events, cursor };
  }
}

/** Each company's sequences in the order they arrived, by NIP. */
function sequencesByCompany(events: OfficeEventFieldsFragment[]) {
  const byNip = new Map<string, number[]>();
  for (const { company, event } of events) byNip.set(company.nip, [...(byNip.get(company.nip) ?? []), event.sequence]);
  return byNip;
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The refusal a request gets: its code and message. */
async function codeOf<T, V>(document: TypedDocumentNode<T, V>, variables: V, token: string) {
  const result = await server.gql(document, variables, token);
  return { code: result.errors?.[0]?.extensions?.code, message: result.errors?.[0]?.message };
}

describe('an office: one feed, one cursor for all its clients', () => {
  it('delivers every event of three clients exactly once, each in its own order, across a reconnect with the cursor', async () => {
    const office = await officeWithClients(server, 3);
    for (const [i, client] of office.clients.entries()) await send(server, client, `backlog-${i}`);
    const feed = subscribe(server.wsClient(office.token), FollowOfficeEventsDocument, {});
    const replayed = await feed.take(3);
    // Live, the three clients sending at the same time.
    await Promise.all(
      office.clients.map(async (client, i) => {
        for (let j = 0; j < 5; j += 1) await send(server, client, `live-${i}-${j}`);
      }),
    );
    const live = await feed.take(5);
    feed.close();
    const resumed = subscribe(server.wsClient(office.token), FollowOfficeEventsDocument, { after: live[4]!.cursor });
    const rest = await resumed.take(10);
    const all = [...replayed, ...live, ...rest];
    for (const { company, event } of all) {
      const client = office.clients.find((c) => c.nip === company.nip)!;
      expect(company.id).toBe(client.companyId);
      expect(company.name).toBe(`Firma ${client.nip}`);
      expect(event.kind).toBe('SENT');
    }
    const sequences = sequencesByCompany(all);
    expect([...sequences.keys()].sort()).toEqual(office.clients.map((c) => c.nip).sort());
    for (const list of sequences.values()) expect(list).toEqual(oneToN(6));
    // Nothing more was waiting, and the query pages through the very same events.
    await send(server, office.clients[0]!, 'after-all');
    const [next] = await resumed.take(1);
    expect(next!.event.sequence).toBe(7);
    resumed.close();
    const paged = await readFeed(office.token);
    expect(paged.events).toHaveLength(19);
    const pagedSequences = sequencesByCompany(paged.events);
    expect(pagedSequences.get(office.clients[0]!.nip)).toEqual(oneToN(7));
    expect(pagedSequences.get(office.clients[1]!.nip)).toEqual(oneToN(6));
    expect((await readFeed(office.token, paged.cursor)).events).toEqual([]);
  });

  it('takes in a company that adds the office mid-stream with its backlog, also for a cursor from before it joined', async () => {
    const office = await officeWithClients(server, 1);
    const [first] = office.clients as [Client];
    const feed = subscribe(server.wsClient(office.token), FollowOfficeEventsDocument, {});
    await send(server, first, 'before-join');
    const [seen] = await feed.take(1);
    const cursorBeforeJoin = seen!.cursor;

    // A company with its own accounting office sends three documents, then makes this office its receiver too.
    const joining = await connectCompany(server, { plan: 'BUSINESS' });
    for (let i = 0; i < 3; i += 1) {
      await server.query(
        SendDocumentDocument,
        { input: { idempotencyKey: `join-${i}`, document: invoice(joining.nip) as never } },
        joining.sender.token,
      );
    }
    const companyId = await companyIdOf(server, joining.owner.token, joining.nip);
    const { inviteMember } = await server.query(
      InviteMemberDocument,
      { input: { companyId, email: office.email, role: 'RECEIVER' } },
      joining.owner.token,
    );
    expect(inviteMember.__typename).toBe('InvitationPayload');
    // The office account exists: it joins when it accepts, and its feed takes the company in then.
    await acceptInvitationAs(server, office.email, companyId);
    const backlog = await feed.take(3);
    expect(backlog.map((e) => [e.company.nip, e.event.sequence])).toEqual([
      [joining.nip, 1],
      [joining.nip, 2],
      [joining.nip, 3],
    ]);
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'join-live', document: invoice(joining.nip) as never } },
      joining.sender.token,
    );
    expect((await feed.take(1)).map((e) => [e.company.nip, e.event.sequence])).toEqual([[joining.nip, 4]]);
    feed.close();

    const caughtUp = await readFeed(office.token, cursorBeforeJoin);
    expect(caughtUp.events.map((e) => [e.company.nip, e.event.sequence])).toEqual(
      oneToN(4).map((sequence) => [joining.nip, sequence]),
    );
    const replay = subscribe(server.wsClient(office.token), FollowOfficeEventsDocument, { after: cursorBeforeJoin });
    expect((await replay.take(4)).map((e) => e.event.sequence)).toEqual(oneToN(4));
    replay.close();
  });

  it('shows nothing more of a company that removes the office or its permission, live or by cursor', async () => {
    const office = await officeWithClients(server, 3);
    const [staying, removed, withdrawn] = office.clients as [Client, Client, Client];
    const removedDocument = await send(server, removed, 'removed-before');
    const withdrawnDocument = await send(server, withdrawn, 'withdrawn-before');
    await send(server, staying, 'staying-before');
    const feed = subscribe(server.wsClient(office.token), FollowOfficeEventsDocument, {});
    await feed.take(3);

    await removeOffice(server, removed);
    await withdrawReceiving(server, withdrawn);
    await send(server, removed, 'removed-after');
    await send(server, withdrawn, 'withdrawn-after');
    await send(server, staying, 'staying-after');
    const [next] = await feed.take(1);
    expect([next!.company.nip, next!.event.sequence]).toEqual([staying.nip, 2]);
    expect(feed.received).toEqual([]);
    feed.close();

    const fromTheBeginning = await readFeed(office.token);
    expect([...sequencesByCompany(fromTheBeginning.events).keys()]).toEqual([staying.nip]);

    // Acting on their documents reads exactly like a document that does not exist.
    const unknownId = Buffer.from(`Document:${randomUUID()}`).toString('base64');
    const unknown = await codeOf(AcknowledgeDocumentsDocument, { ids: [unknownId] }, office.token);
    const acknowledged = await codeOf(AcknowledgeDocumentsDocument, { ids: [removedDocument.id] }, office.token);
    const imported = await codeOf(
      SetDocumentStatusDocument,
      { input: { documentId: withdrawnDocument.id, status: 'IMPORTED' } },
      office.token,
    );
    expect(acknowledged).toEqual({ code: 'NOT_FOUND', message: 'No such document in your company' });
    expect(imported).toEqual(acknowledged);
    expect(unknown).toEqual(acknowledged);
    const listed = await codeOf(DocumentsDocument, { companyId: removed.companyId }, office.token);
    expect(listed.code).toBe('NOT_FOUND');
    const { documents } = await server.query(DocumentsDocument, { first: 50 }, office.token);
    expect(documents.edges.map((e) => e.node.number)).toHaveLength(2);
    // The senders' documents are untouched.
    const { documents: stillSent } = await server.query(DocumentsDocument, {}, removed.senderToken);
    expect(stillSent.edges.map((e) => e.node.status)).toEqual(['SENT', 'SENT']);
  });

  it('keeps offices apart: another office sees nothing of these clients, and a cursor of another office is refused', async () => {
    const first = await officeWithClients(server, 2);
    const second = await officeWithClients(server, 1);
    const document = await send(server, first.clients[0]!, 'first-office');
    await send(server, second.clients[0]!, 'second-office');

    const seenBySecond = await readFeed(second.token);
    expect(seenBySecond.events.map((e) => e.company.nip)).toEqual([second.clients[0]!.nip]);
    const { documents } = await server.query(DocumentsDocument, {}, second.token);
    expect(documents.edges).toHaveLength(1);
    expect(await codeOf(AcknowledgeDocumentsDocument, { ids: [document.id] }, second.token)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await codeOf(DocumentsDocument, { companyId: first.clients[0]!.companyId }, second.token)).toMatchObject({
      code: 'NOT_FOUND',
    });

    const firstCursor = (await readFeed(first.token)).cursor;
    const tampered = `${firstCursor.slice(0, -3)}${firstCursor.at(-3) === 'A' ? 'B' : 'A'}${firstCursor.slice(-2)}`;
    for (const cursor of [firstCursor, tampered, 'not-a-cursor', '42']) {
      const refused = await codeOf(
        OfficeEventsPageDocument,
        { after: cursor },
        cursor === firstCursor ? second.token : first.token,
      );
      expect(refused.code, cursor).toBe('BAD_USER_INPUT');
    }
    const live = subscribe(server.wsClient(second.token), FollowOfficeEventsDocument, { after: firstCursor });
    await expect(live.take(1)).rejects.toThrow(/BAD_USER_INPUT/);

    // An office token is not a company's program, and a company's program is not an office.
    expect((await codeOf(DocumentEventsPageDocument, {}, first.token)).code).toBe('FORBIDDEN');
    const sent = await codeOf(
      SendDocumentDocument,
      { input: { idempotencyKey: 'office-sends', document: invoice(first.clients[0]!.nip) } },
      first.token,
    );
    expect(sent.code).toBe('FORBIDDEN');
    expect((await codeOf(OfficeEventsPageDocument, {}, first.clients[0]!.senderToken)).code).toBe('FORBIDDEN');
  });

  it('acts on documents of several clients; each sender sees the status change live', async () => {
    const office = await officeWithClients(server, 2);
    const [a, b] = office.clients as [Client, Client];
    const senderFeed = subscribe(server.wsClient(a.senderToken), FollowDocumentEventsDocument, {});
    const documentA = await send(server, a, 'act-a');
    const documentB = await send(server, b, 'act-b');
    await senderFeed.take(1);

    const { acknowledgeDocuments } = await server.query(
      AcknowledgeDocumentsDocument,
      { ids: [documentA.id, documentB.id] },
      office.token,
    );
    expect(acknowledgeDocuments).toMatchObject({
      documents: [
        { id: documentA.id, status: 'RECEIVED' },
        { id: documentB.id, status: 'RECEIVED' },
      ],
    });
    const { setDocumentStatus } = await server.query(
      SetDocumentStatusDocument,
      { input: { documentId: documentA.id, status: 'IMPORTED' } },
      office.token,
    );
    expect(setDocumentStatus).toMatchObject({ document: { status: 'IMPORTED' } });
    const changes = await senderFeed.take(2);
    expect(changes.map((e) => [e.kind, e.status])).toEqual([
      ['STATUS_CHANGED', 'RECEIVED'],
      ['STATUS_CHANGED', 'IMPORTED'],
    ]);
    senderFeed.close();

    await server.query(CancelDocumentDocument, { id: documentB.id }, b.senderToken);
    const { removeDocumentFromQueue } = await server.query(
      RemoveDocumentFromQueueDocument,
      { id: documentB.id },
      office.token,
    );
    expect(removeDocumentFromQueue).toMatchObject({ document: { removedFromQueue: true } });
    const feed = await readFeed(office.token);
    const kinds = (nip: string) => feed.events.filter((e) => e.company.nip === nip).map((e) => e.event.kind);
    expect(kinds(a.nip)).toEqual(['SENT', 'STATUS_CHANGED', 'STATUS_CHANGED']);
    expect(kinds(b.nip)).toEqual(['SENT', 'STATUS_CHANGED', 'CANCELLED']);
  });

  it('reads a page of the feed in the same number of SQL statements whatever its size or number of companies', async () => {
    const office = await officeWithClients(server, 3);
    for (const [i, client] of office.clients.entries()) {
      for (let j = 0; j < 3; j += 1) await send(server, client, `n1-${i}-${j}`);
    }
    const page = (first: number) => server.query(OfficeEventsPageDocument, { first }, office.token);
    await page(1);
    const small = await server.queriesDuring(() => page(2));
    const large = await server.queriesDuring(() => page(9));
    expect(large.length).toBe(small.length);
    expect(large.filter((sql) => /FROM "DocumentEvent"|"DocumentEvent" x/.test(sql))).toHaveLength(1);
  });

  it("serves an office's live subscriptions from one shared read of the company's log per new event", async () => {
    const office = await officeWithClients(server, 2);
    const feeds = Array.from({ length: 3 }, () =>
      subscribe(server.wsClient(office.token), FollowOfficeEventsDocument, {}),
    );
    await Promise.all(feeds.map((feed) => feed.ready));
    await send(server, office.clients[0]!, 'shared-0');
    await Promise.all(feeds.map((feed) => feed.take(1)));
    const statements = await server.queriesDuring(async () => {
      await send(server, office.clients[1]!, 'shared-1');
      const received = await Promise.all(feeds.map((feed) => feed.take(1)));
      expect(received.map(([item]) => item!.company.nip)).toEqual(Array(3).fill(office.clients[1]!.nip));
    });
    expect(statements.filter((sql) => /FROM "DocumentEvent"/.test(sql))).toHaveLength(1);
    for (const feed of feeds) feed.close();
  });

  it("reads the documents' content only when the answer asks for it, in pages and live", async () => {
    const office = await officeWithClients(server, 1);
    const [client] = office.clients as [Client];
    await send(server, client, 'content-0');
    const readsContent = (statements: string[]) => statements.some((sql) => /AS content\b/.test(sql));

    const columnsOnly = await server.queriesDuring(() => readFeed(office.token));
    expect(readsContent(columnsOnly)).toBe(false);
    let lines: { name: string }[][] = [];
    const withLines = await server.queriesDuring(async () => {
      const { officeDocumentEvents } = await server.query(WITH_LINES_PAGE, {}, office.token);
      lines = officeDocumentEvents.edges.map((edge) => edge.node.event.document.lines);
    });
    expect(readsContent(withLines)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeGreaterThan(0);

    const bare = subscribe(server.wsClient(office.token), FollowOfficeEventsDocument, {});
    const full = subscribe(server.wsClient(office.token), WITH_LINES_LIVE, {});
    await Promise.all([bare.take(1), full.take(1)]);
    await send(server, client, 'content-1');
    const [[bareEvent], [fullEvent]] = await Promise.all([bare.take(1), full.take(1)]);
    expect(bareEvent!.event.sequence).toBe(2);
    expect(fullEvent!.event.document.lines).toEqual(lines[0]);
    bare.close();
    full.close();
  });

  it('lists the documents of all clients newest first, page by page, or of one client', async () => {
    const office = await officeWithClients(server, 2);
    const [a, b] = office.clients as [Client, Client];
    const sent = [];
    for (let i = 0; i < 3; i += 1)
      sent.push(await send(server, a, `list-a-${i}`), await send(server, b, `list-b-${i}`));
    const numbers: string[] = [];
    let after: string | null | undefined = null;
    for (;;) {
      const { documents }: DocumentsQuery = await server.query(DocumentsDocument, { first: 4, after }, office.token);
      numbers.push(...documents.edges.map((e) => e.node.number));
      if (!documents.pageInfo.hasNextPage) break;
      after = documents.pageInfo.endCursor;
    }
    expect(numbers).toEqual(sent.map((d) => d.number).reverse());
    const { documents: ofB } = await server.query(DocumentsDocument, { companyId: b.companyId }, office.token);
    expect(ofB.edges.map((e) => e.node.number)).toEqual(
      sent
        .filter((_, i) => i % 2 === 1)
        .map((d) => d.number)
        .reverse(),
    );
  });
});

type EventWithLines = { event: { sequence: number; document: { lines: { name: string }[] } } };
const WITH_LINES = 'event { sequence document { number lines { name } } }';
const WITH_LINES_PAGE = parse(
  `query { officeDocumentEvents(first: 10) { edges { node { ${WITH_LINES} } } } }`,
) as TypedDocumentNode<{ officeDocumentEvents: { edges: { node: EventWithLines }[] } }, Record<string, never>>;
const WITH_LINES_LIVE = parse(`subscription { officeDocumentEvents { ${WITH_LINES} } }`) as TypedDocumentNode<
  { officeDocumentEvents: EventWithLines },
  Record<string, never>
>;

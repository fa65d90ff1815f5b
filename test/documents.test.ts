import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AcknowledgeDocumentsDocument,
  CancelDocumentDocument,
  DeleteDocumentDocument,
  DocumentEventsPageDocument,
  DocumentsDocument,
  FollowDocumentEventsDocument,
  RemoveDocumentFromQueueDocument,
  SendDocumentDocument,
  SetDocumentStatusDocument,
  SynchronizeDocument,
  type EventFieldsFragment,
} from './generated/graphql.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { newNip, withBadChecksum } from './helpers/nip.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

const server = await startTestServer();
const company = await connectCompany(server);

async function send(document: Record<string, unknown>, key = `key-${Math.random()}`, token = company.sender.token) {
  const { sendDocument } = await server.query(
    SendDocumentDocument,
    { input: { idempotencyKey: key, document: document as never } },
    token,
  );
  return sendDocument;
}

async function sent(document: Record<string, unknown>, key?: string, token?: string) {
  const result = await send(document, key, token);
  if (result.__typename !== 'SendDocumentPayload') throw new Error(`refused: ${JSON.stringify(result)}`);
  return result;
}

describe('sending and receiving', () => {
  it('delivers a sent document live to the subscribed receiver, and statuses flow back to the sender', async () => {
    const { lastCursor } = await server
      .query(SynchronizeDocument, { configurationId: company.receiver.configurationId }, company.receiver.token)
      .then((r) => r.synchronize as { lastCursor: string });
    const receiverFeed = subscribe(server.wsClient(company.receiver.token), FollowDocumentEventsDocument, {
      after: lastCursor,
    });
    const senderFeed = subscribe(server.wsClient(company.sender.token), FollowDocumentEventsDocument, {
      after: lastCursor,
    });
    await receiverFeed.ready;

    const payload = await sent(invoice(company.nip));
    expect(payload).toMatchObject({
      outcome: 'CREATED',
      document: { version: 1, status: 'SENT', totals: { grossAmount: '256.80' } },
    });

    const [delivered] = await receiverFeed.take(1);
    expect(delivered).toMatchObject({ kind: 'SENT', document: { id: payload.document.id, status: 'SENT' } });
    expect(Number(delivered!.cursor)).toBe(Number(lastCursor) + 1);

    const { acknowledgeDocuments } = await server.query(
      AcknowledgeDocumentsDocument,
      { ids: [payload.document.id] },
      company.receiver.token,
    );
    expect(acknowledgeDocuments).toMatchObject({ documents: [{ status: 'RECEIVED' }] });
    const { setDocumentStatus } = await server.query(
      SetDocumentStatusDocument,
      { input: { documentId: payload.document.id, status: 'IMPORTED' } },
      company.receiver.token,
    );
    expect(setDocumentStatus).toMatchObject({ document: { status: 'IMPORTED' } });

    const seen = await senderFeed.take(3);
    expect(seen.map((e) => [e.kind, e.status])).toEqual([
      ['SENT', 'SENT'],
      ['STATUS_CHANGED', 'RECEIVED'],
      ['STATUS_CHANGED', 'IMPORTED'],
    ]);
    const { documents } = await server.query(
      DocumentsDocument,
      { filter: { search: payload.document.number } },
      company.sender.token,
    );
    expect(documents.edges.map((e) => e.node.status)).toEqual(['IMPORTED']);
    receiverFeed.close();
    senderFeed.close();
  });

  it('makes one document of retries with the same key, refuses the key with other content, and versions a changed document', async () => {
    const document = invoice(company.nip);
    const first = await sent(document, 'retry-key-1');
    const retry = await sent(document, 'retry-key-1');
    expect(retry).toMatchObject({ outcome: 'REPLAY', document: { id: first.document.id, version: 1 } });

    const conflicting = await send({ ...document, notes: 'changed' }, 'retry-key-1');
    expect(conflicting).toMatchObject({ __typename: 'IdempotencyConflictError', code: 'IDEMPOTENCY_CONFLICT' });

    const sameContentNewKey = await sent(document, 'retry-key-2');
    expect(sameContentNewKey).toMatchObject({ outcome: 'DUPLICATE', document: { id: first.document.id, version: 1 } });

    const modified = await sent({ ...document, notes: 'poprawiony opis' }, 'retry-key-3');
    expect(modified).toMatchObject({ outcome: 'NEW_VERSION', document: { id: first.document.id, version: 2 } });

    const page = await server.query(DocumentEventsPageDocument, { first: 500 }, company.receiver.token);
    const forDocument = page.documentEvents.edges.map((e) => e.node).filter((e) => e.document.id === first.document.id);
    expect(forDocument.map((e) => [e.kind, e.version])).toEqual([
      ['SENT', 1],
      ['NEW_VERSION', 2],
    ]);
  });

  it('tells the receiver about cancelled and deleted documents, which it may drop from its queue', async () => {
    const a = await sent(invoice(company.nip));
    const b = await sent(invoice(company.nip));
    expect(
      (await server.query(CancelDocumentDocument, { id: a.document.id }, company.sender.token)).cancelDocument,
    ).toMatchObject({
      document: { state: 'CANCELLED' },
    });
    expect(
      (await server.query(DeleteDocumentDocument, { id: b.document.id }, company.sender.token)).deleteDocument,
    ).toMatchObject({
      document: { state: 'DELETED' },
    });
    const page = await server.query(DocumentEventsPageDocument, { first: 500 }, company.receiver.token);
    const kinds = page.documentEvents.edges
      .map((e) => e.node)
      .filter((e) => [a.document.id, b.document.id].includes(e.document.id));
    expect(kinds.map((e) => e.kind)).toEqual(['SENT', 'SENT', 'CANCELLED', 'DELETED']);

    const importCancelled = await server.query(
      SetDocumentStatusDocument,
      { input: { documentId: a.document.id, status: 'IMPORTED' } },
      company.receiver.token,
    );
    expect(importCancelled.setDocumentStatus).toMatchObject({ __typename: 'DocumentStateError' });
    const removed = await server.query(RemoveDocumentFromQueueDocument, { id: a.document.id }, company.receiver.token);
    expect(removed.removeDocumentFromQueue).toMatchObject({ document: { removedFromQueue: true } });
  });

  it('rejects with a reason, and lets only the right side do each thing', async () => {
    const doc = await sent(invoice(company.nip));
    const noReason = await server.query(
      SetDocumentStatusDocument,
      { input: { documentId: doc.document.id, status: 'REJECTED' } },
      company.receiver.token,
    );
    expect(noReason.setDocumentStatus).toMatchObject({ __typename: 'ValidationError' });
    const rejected = await server.query(
      SetDocumentStatusDocument,
      { input: { documentId: doc.document.id, status: 'REJECTED', reason: 'Zły kontrahent' } },
      company.receiver.token,
    );
    expect(rejected.setDocumentStatus).toMatchObject({
      document: { status: 'REJECTED', statusReason: 'Zły kontrahent' },
    });

    const receiverSends = await server.gql(
      SendDocumentDocument,
      { input: { idempotencyKey: 'x', document: invoice(company.nip) as never } },
      company.receiver.token,
    );
    expect(receiverSends.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const senderImports = await server.gql(
      SetDocumentStatusDocument,
      { input: { documentId: doc.document.id, status: 'IMPORTED' } },
      company.sender.token,
    );
    expect(senderImports.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await server.gql(DocumentEventsPageDocument, {});
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('validation stores nothing on failure', () => {
  async function expectNothingStored(run: () => Promise<unknown>) {
    const before = await server.query(DocumentEventsPageDocument, { first: 500 }, company.sender.token);
    await run();
    const after = await server.query(DocumentEventsPageDocument, { first: 500 }, company.sender.token);
    expect(after.documentEvents.edges.length).toBe(before.documentEvents.edges.length);
  }

  it('refuses a wrong issuer NIP, a bad buyer NIP, totals that do not add up, and a type the program may not send', async () => {
    await expectNothingStored(async () => {
      const otherIssuer = await send(invoice(newNip()));
      expect(otherIssuer).toMatchObject({ __typename: 'NipMismatchError', code: 'NIP_MISMATCH' });
      const badBuyer = await send(invoice(company.nip, { buyer: { name: 'X', nip: withBadChecksum('5260250274') } }));
      expect(badBuyer).toMatchObject({ __typename: 'InvalidNipError' });
      const wrongVat = invoice(company.nip);
      (wrongVat.lines as { vatAmount: string }[])[0]!.vatAmount = '46.01';
      expect(await send(wrongVat)).toMatchObject({
        __typename: 'TotalsMismatchError',
        field: 'lines[0].vatAmount',
        expected: '46.00',
        actual: '46.01',
      });
      expect(
        await send(
          invoice(company.nip, { totals: { netAmount: '210.00', vatAmount: '46.80', grossAmount: '256.81' } }),
        ),
      ).toMatchObject({
        __typename: 'TotalsMismatchError',
        field: 'totals.grossAmount',
      });
      expect(await send(invoice(company.nip, { type: 'WAREHOUSE_RELEASE' }))).toMatchObject({
        __typename: 'DocumentTypeNotAllowedError',
      });
      expect(await send(invoice(company.nip, { type: 'CORRECTION' }))).toMatchObject({
        __typename: 'ValidationError',
        field: 'correctedNumber',
      });
      const floaty = await server.gql(
        SendDocumentDocument,
        {
          input: {
            idempotencyKey: 'f',
            document: invoice(company.nip, {
              totals: { netAmount: 210, vatAmount: 46.8, grossAmount: 256.8 },
            }) as never,
          },
        },
        company.sender.token,
      );
      expect(floaty.status).toBe(400);
    });
  });

  it('rounds half away from zero to the grosz', async () => {
    // 3 × 0.333 = 0.999 → 1.00; VAT 23% of 1.00 = 0.23. 1 × 0.05 at 5% = 0.0025 → 0.00.
    const lines = [
      {
        name: 'a',
        quantity: '3',
        unitNetPrice: '0.333',
        vatRate: 'VAT_23',
        netAmount: '1.00',
        vatAmount: '0.23',
        grossAmount: '1.23',
      },
      {
        name: 'b',
        quantity: '1',
        unitNetPrice: '0.10',
        vatRate: 'VAT_5',
        netAmount: '0.10',
        vatAmount: '0.01',
        grossAmount: '0.11',
      },
    ];
    const result = await sent(
      invoice(company.nip, { lines, totals: { netAmount: '1.10', vatAmount: '0.24', grossAmount: '1.34' } }),
    );
    expect(result.document.totals.grossAmount).toBe('1.34');
  });

  it('keeps attachments with their SHA-256', async () => {
    const content = Buffer.from('%PDF-1.4 faktura');
    const doc = await sent(
      invoice(company.nip, {
        attachments: [
          { fileName: 'faktura.pdf', contentType: 'application/pdf', contentBase64: content.toString('base64') },
        ],
      }),
    );
    const { documents } = await server.query(
      DocumentsDocument,
      { filter: { search: doc.document.number } },
      company.receiver.token,
    );
    expect(documents.edges[0]!.node.attachments).toEqual([
      {
        fileName: 'faktura.pdf',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        contentBase64: content.toString('base64'),
      },
    ]);
  });
});

describe('plans', () => {
  it("refuses the free plan's sixth document of the month and stores nothing", async () => {
    const free = await connectCompany(server, { plan: 'FREE' });
    for (let i = 0; i < 5; i += 1) await sent(invoice(free.nip), undefined, free.sender.token);
    const sixth = await send(invoice(free.nip), 'sixth', free.sender.token);
    expect(sixth).toMatchObject({ __typename: 'QuotaExceededError', code: 'QUOTA_EXCEEDED', limit: 5, used: 5 });
    const { documents } = await server.query(DocumentsDocument, { first: 100 }, free.sender.token);
    expect(documents.edges).toHaveLength(5);
    // A new version of a document already sent is not a new document.
    const first = documents.edges[0]!.node;
    expect(first.version).toBe(1);
    // Next month the quota is fresh.
    server.advanceClock(31 * 24 * 60 * 60 * 1000);
    expect((await send(invoice(free.nip), 'next-month', free.sender.token)).__typename).toBe('SendDocumentPayload');
  });

  it("counts the month's documents from the log when the company's row does not hold the month's count", async () => {
    const free = await connectCompany(server, { plan: 'FREE' });
    for (let i = 0; i < 3; i += 1) await sent(invoice(free.nip), undefined, free.sender.token);
    // As every company's row was before the count was kept there.
    await server.app.services.db.company.update({
      where: { nip: free.nip },
      data: { sentMonthStart: null, sentThisMonth: 0 },
    });
    for (let i = 0; i < 2; i += 1) await sent(invoice(free.nip), undefined, free.sender.token);
    const sixth = await send(invoice(free.nip), 'sixth', free.sender.token);
    expect(sixth).toMatchObject({ __typename: 'QuotaExceededError', code: 'QUOTA_EXCEEDED', limit: 5, used: 5 });
  });

  it('lets no more documents than the plan allows through when they are sent at once', async () => {
    const free = await connectCompany(server, { plan: 'FREE' });
    await sent(invoice(free.nip), undefined, free.sender.token);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => send(invoice(free.nip), undefined, free.sender.token)),
    );
    const refused = results.filter((result) => result.__typename === 'QuotaExceededError');
    expect(results.length - refused.length).toBe(4);
    expect(refused).toHaveLength(4);
    expect(refused.every((result) => 'used' in result && result.used === 5)).toBe(true);
    const { documents } = await server.query(DocumentsDocument, { first: 100 }, free.sender.token);
    expect(documents.edges).toHaveLength(5);
  });
});

describe('isolation', () => {
  it('never shows one company the documents or events of another', async () => {
    const other = await connectCompany(server);
    const ours = await sent(invoice(company.nip));
    const theirs = await sent(invoice(other.nip), undefined, other.sender.token);
    const feed = subscribe(server.wsClient(other.receiver.token), FollowDocumentEventsDocument, {});
    const events: EventFieldsFragment[] = await feed.take(1);
    expect(events[0]!.document.id).toBe(theirs.document.id);
    const page = await server.query(DocumentEventsPageDocument, { first: 500 }, other.receiver.token);
    expect(page.documentEvents.edges.map((e) => e.node.document.id)).toEqual([theirs.document.id]);
    const { documents } = await server.query(DocumentsDocument, {}, other.receiver.token);
    expect(documents.edges.map((e) => e.node.id)).toEqual([theirs.document.id]);
    const foreign = await server.gql(AcknowledgeDocumentsDocument, { ids: [ours.document.id] }, other.receiver.token);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    feed.close();
  });
});

describe('query plans', () => {
  it('reads a page of documents or events with the same number of SQL statements whatever its size (no N+1)', async () => {
    const busy = await connectCompany(server);
    for (let i = 0; i < 30; i += 1) await sent(invoice(busy.nip), undefined, busy.sender.token);
    const count = async (run: () => Promise<unknown>) => (await server.queriesDuring(run)).length;
    const documentsOf = (first: number) => () => server.query(DocumentsDocument, { first }, busy.receiver.token);
    const eventsOf = (first: number) => () => server.query(DocumentEventsPageDocument, { first }, busy.receiver.token);
    await documentsOf(1)(); // looks the token up once, so every count below is the page alone
    expect(await count(documentsOf(30))).toBe(await count(documentsOf(2)));
    expect(await count(eventsOf(30))).toBe(await count(eventsOf(2)));
    // The page of events joined with their documents.
    expect(await count(eventsOf(30))).toBe(1);
  });
});

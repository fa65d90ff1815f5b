import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AcknowledgeDocumentsDocument, DocumentEventsPageDocument, SendDocumentDocument } from './generated/graphql.js';
import { connectCompany, type ConnectedCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();
const db = server.app.services.db;

async function sendThree(company: ConnectedCompany) {
  const ids: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const { sendDocument } = await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: `batch-${i}`, document: invoice(company.nip) as never } },
      company.sender.token,
    );
    if (sendDocument.__typename !== 'SendDocumentPayload') throw new Error(JSON.stringify(sendDocument));
    ids.push(sendDocument.document.id);
  }
  return ids;
}

/** What the receiver can see: each document's status and the events after the three sends. */
async function seen(company: ConnectedCompany, ids: string[]) {
  const rows = await db.document.findMany({
    where: { id: { in: ids.map(rawId) } },
    select: { id: true, status: true },
  });
  const { documentEvents } = await server.query(DocumentEventsPageDocument, { after: '3' }, company.receiver.token);
  return {
    statuses: ids.map((id) => rows.find((row) => row.id === rawId(id))?.status),
    events: documentEvents.edges.map((edge) => `${edge.node.kind} ${edge.node.document.number}`),
  };
}

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

// A statement that fails half-way through the batch: the database refuses to change the second document.
const REFUSE_SECOND = 'konekt_test_refuse_update';
afterAll(async () => {
  await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${REFUSE_SECOND} ON "Document"`);
  await db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${REFUSE_SECOND}()`);
});

describe('batch operations are all or nothing', () => {
  it('changes nothing when one id of the batch is unknown', async () => {
    const company = await connectCompany(server);
    const [first, second] = await sendThree(company);
    const unknown = Buffer.from(`Document:${randomUUID()}`).toString('base64');
    const answer = await server.gql(
      AcknowledgeDocumentsDocument,
      { ids: [first!, unknown, second!] },
      company.receiver.token,
    );
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await seen(company, [first!, second!])).toEqual({ statuses: ['SENT', 'SENT'], events: [] });
  });

  it('changes nothing when the database refuses a document in the middle, and all of them once it does not', async () => {
    const company = await connectCompany(server);
    const ids = await sendThree(company);
    await db.$executeRawUnsafe(`CREATE FUNCTION ${REFUSE_SECOND}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END; $$`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER ${REFUSE_SECOND} BEFORE UPDATE ON "Document" FOR EACH ROW
       WHEN (NEW.id = '${rawId(ids[1]!)}'::uuid) EXECUTE FUNCTION ${REFUSE_SECOND}()`,
    );
    const failed = await server.gql(AcknowledgeDocumentsDocument, { ids }, company.receiver.token);
    expect(failed.data).toBeNull();
    expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
    expect(await seen(company, ids)).toEqual({ statuses: ['SENT', 'SENT', 'SENT'], events: [] });

    await db.$executeRawUnsafe(`DROP TRIGGER ${REFUSE_SECOND} ON "Document"`);
    const { acknowledgeDocuments } = await server.query(AcknowledgeDocumentsDocument, { ids }, company.receiver.token);
    expect(acknowledgeDocuments).toMatchObject({ documents: ids.map((id) => ({ id, status: 'RECEIVED' })) });
    const after = await seen(company, ids);
    expect(after.statuses).toEqual(['RECEIVED', 'RECEIVED', 'RECEIVED']);
    expect(after.events).toHaveLength(3);
    expect(after.events.every((event) => event.startsWith('STATUS_CHANGED'))).toBe(true);
  });

  it('acknowledges in the order given, once per document, and leaves documents past SENT alone', async () => {
    const company = await connectCompany(server);
    const [a, b, c] = await sendThree(company);
    await server.query(AcknowledgeDocumentsDocument, { ids: [b!] }, company.receiver.token);
    const { acknowledgeDocuments } = await server.query(
      AcknowledgeDocumentsDocument,
      { ids: [c!, b!, a!, c!] },
      company.receiver.token,
    );
    expect(acknowledgeDocuments).toMatchObject({
      documents: [c, b, a, c].map((id) => ({ id, status: 'RECEIVED' })),
    });
    const { documentEvents } = await server.query(DocumentEventsPageDocument, { after: '4' }, company.receiver.token);
    expect(documentEvents.edges.map((edge) => edge.node.document.id)).toEqual([c, a]);
  });
});

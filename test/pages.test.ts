import { describe, expect, it } from 'vitest';
import { attachmentBytesPerDocument, MAX_PAGE_BYTES } from '../src/documents/limits.js';
import { FollowDocumentEventsDocument } from './generated/graphql.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const server = await startTestServer({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
const company = await connectCompany(server, { plan: 'BUSINESS' });

/** An invoice of 1,000 lines with long names: about 0.6 MB of content. */
function heavyInvoice() {
  const lines = Array.from({ length: 1000 }, (_, i) => ({
    name: `${i} ${'pozycja faktury '.repeat(25)}`,
    quantity: '1',
    unitNetPrice: '1.00',
    vatRate: 'VAT_0',
    netAmount: '1.00',
    vatAmount: '0.00',
    grossAmount: '1.00',
  }));
  return invoice(company.nip, { lines, totals: { netAmount: '1000.00', vatAmount: '0.00', grossAmount: '1000.00' } });
}

async function send(key: string, document: unknown) {
  const answer = await server.gql<{ sendDocument: { __typename: string } }, unknown>(
    'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { __typename ... on Error { message } } }',
    { input: { idempotencyKey: key, document } },
    company.sender.token,
  );
  expect(answer.data?.sendDocument, JSON.stringify(answer)).toMatchObject({ __typename: 'SendDocumentPayload' });
}

const HEAVY = 10;
for (let i = 0; i < HEAVY; i += 1) await send(`heavy-${i}`, heavyInvoice());

interface Connection {
  edges: { cursor: string; node: unknown }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

/** Every page of a connection, following endCursor. */
async function allPages(query: string, field: 'documentEvents' | 'documents', variables: Record<string, unknown>) {
  const pages: Connection[] = [];
  let after: string | null = null;
  do {
    const answer: { data?: Record<string, Connection> | null; errors?: unknown } = await server.gql<
      Record<string, Connection>,
      unknown
    >(query, { ...variables, after }, company.receiver.token);
    if (!answer.data) throw new Error(JSON.stringify(answer.errors));
    const page: Connection = answer.data[field]!;
    pages.push(page);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return pages;
}

const EVENTS = `query ($after: String) { documentEvents(after: $after, first: 500) {
  edges { cursor node { sequence document { number lines { name } } } } pageInfo { endCursor hasNextPage } } }`;
const DOCUMENTS = `query ($after: String) { documents(after: $after, first: 100) {
  edges { cursor node { number lines { name } } } pageInfo { endCursor hasNextPage } } }`;

describe('an answer is bounded in bytes as well as in count', () => {
  it('pages documentEvents and documents of 1,000-line invoices by their size, each item exactly once', async () => {
    const events = await allPages(EVENTS, 'documentEvents', {});
    const documents = await allPages(DOCUMENTS, 'documents', {});
    for (const pages of [events, documents]) {
      expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) {
        expect(page.edges.length).toBeGreaterThan(0);
        // A page stops once the content before the last item reaches the bound.
        const sizes = page.edges.map((edge) => JSON.stringify(edge.node).length);
        expect(sizes.slice(0, -1).reduce((sum, size) => sum + size, 0)).toBeLessThan(MAX_PAGE_BYTES);
      }
    }
    const sequences = events.flatMap((page) => page.edges.map((edge) => (edge.node as { sequence: number }).sequence));
    expect(sequences).toEqual(Array.from({ length: HEAVY }, (_, i) => i + 1));
    const numbers = documents.flatMap((page) => page.edges.map((edge) => (edge.node as { number: string }).number));
    expect(new Set(numbers).size).toBe(HEAVY);
  });

  it('bounds a page the same when only columns are asked for, and reads the content for a fragment', async () => {
    const columnsOnly = EVENTS.replace('document { number lines { name } }', 'document { number status }');
    const light = await allPages(columnsOnly, 'documentEvents', {});
    const heavy = await allPages(EVENTS, 'documentEvents', {});
    expect(light.map((page) => page.edges.length)).toEqual(heavy.map((page) => page.edges.length));
    const viaFragment = await allPages(
      `query ($after: String) { documents(after: $after, first: 100) {
        edges { cursor node { number ...Lines } } pageInfo { endCursor hasNextPage } } }
      fragment Lines on Document { lines { name } }`,
      'documents',
      {},
    );
    const lines = viaFragment.flatMap((page) => page.edges.map((edge) => (edge.node as { lines: unknown[] }).lines));
    expect(lines.map((of) => of.length)).toEqual(Array.from({ length: HEAVY }, () => 1000));
  });

  it('replays them all to a subscriber, page after page, without waiting for a new event', async () => {
    const feed = subscribe(server.wsClient(company.receiver.token), FollowDocumentEventsDocument, {});
    const replayed = await feed.take(HEAVY);
    expect(replayed.map((event) => event.sequence)).toEqual(Array.from({ length: HEAVY }, (_, i) => i + 1));
    feed.close();
  });

  it('counts the files when contentBase64 is asked for, and only then', async () => {
    const other = await connectCompany(server, { plan: 'BUSINESS' });
    const bytes = attachmentBytesPerDocument(MAX_BODY_BYTES);
    for (let i = 0; i < 6; i += 1) {
      const document = invoice(other.nip, {
        attachments: [
          {
            fileName: 'skan.pdf',
            contentType: 'application/pdf',
            contentBase64: Buffer.alloc(bytes, i).toString('base64'),
          },
        ],
      });
      const answer = await server.gql(
        'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { __typename } }',
        { input: { idempotencyKey: `files-${i}`, document } },
        other.sender.token,
      );
      expect(answer.data).toEqual({ sendDocument: { __typename: 'SendDocumentPayload' } });
    }
    const page = async (selection: string) => {
      const answer = await server.gql<{ documents: Connection }, unknown>(
        `{ documents(first: 100) { edges { cursor node { number ${selection} } } pageInfo { endCursor hasNextPage } } }`,
        {},
        other.receiver.token,
      );
      return answer.data!.documents;
    };
    const withoutFiles = await page('attachments { size }');
    expect(withoutFiles.edges).toHaveLength(6);
    expect(withoutFiles.pageInfo.hasNextPage).toBe(false);
    const withFiles = await page('... on Document { attachments { contentBase64 } }');
    // Each file is about 1 MiB in base64: four fill the page's 4 MiB.
    expect(withFiles.edges.length).toBeLessThan(6);
    expect(withFiles.edges.length).toBeGreaterThan(0);
    expect(withFiles.pageInfo.hasNextPage).toBe(true);
  });
});

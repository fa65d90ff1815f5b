/**
 * A server behind PgBouncer in transaction mode, as docs/capacity.md has it for many servers:
 * requests go through the pooler with DATABASE_PREPARED_STATEMENTS=false, the start-up migrations,
 * which hold a session lock, over DATABASE_DIRECT_URL. Debian 12's PgBouncer (1.18) keeps no
 * prepared statement across its server connections.
 */
import { describe, expect, it } from 'vitest';
import {
  DocumentEventsDocument,
  DocumentsDocument,
  KonektClient,
  SendDocumentDocument,
} from '../packages/client/src/index.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { besideTestServer, startMain } from './helpers/main.js';
import { hasPgbouncer, startPgbouncer } from './helpers/pgbouncer.js';
import { startTestServer } from './helpers/server.js';

const serverUrl = process.env.DATABASE_URL;
const missing = !serverUrl
  ? 'PostgreSQL (set DATABASE_URL=postgres://…)'
  : hasPgbouncer()
    ? undefined
    : 'PgBouncer (apt-get install pgbouncer)';
if (missing) console.log(`skipped: needs ${missing}`);

const DOCUMENTS = 30;

describe.skipIf(missing)('behind PgBouncer in transaction mode', () => {
  it('sends, lists and pages documents through the pooler, many at once', async () => {
    // The in-process server creates and migrates the database, and connects the company (it reads the mails).
    const setup = await startTestServer();
    const company = await connectCompany(setup);
    const bouncer = await startPgbouncer(serverUrl!);
    const main = await startMain(
      await besideTestServer(setup, undefined, {
        DATABASE_URL: bouncer.urlOf(setup.databaseUrl!),
        DATABASE_DIRECT_URL: setup.databaseUrl!,
        DATABASE_PREPARED_STATEMENTS: 'false',
      }),
    );
    const sender = new KonektClient({ url: main.url, token: company.sender.token });
    const receiver = new KonektClient({ url: main.url, token: company.receiver.token });

    // At once, so that PgBouncer hands the statements to each of its server connections in turn.
    const numbers = Array.from({ length: DOCUMENTS }, (_, i) => `PGB/${i + 1}`);
    const sent = await Promise.all(
      numbers.map((number) =>
        sender.request(SendDocumentDocument, {
          input: { idempotencyKey: number, document: invoice(company.nip, { number }) },
        }),
      ),
    );
    expect(sent.map(({ sendDocument }) => sendDocument.__typename)).toEqual(numbers.map(() => 'SendDocumentPayload'));

    const pages = await Promise.all(numbers.map(() => receiver.request(DocumentsDocument, { first: DOCUMENTS })));
    for (const { documents } of pages) {
      expect(documents.edges.map(({ node }) => node.number).sort()).toEqual([...numbers].sort());
    }
    const { documentEvents } = await receiver.request(DocumentEventsDocument, { first: DOCUMENTS });
    expect(documentEvents.edges.map(({ node }) => node.sequence)).toEqual(numbers.map((_, i) => i + 1));
    await main.stop();
  });
});

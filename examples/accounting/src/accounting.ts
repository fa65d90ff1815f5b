/**
 * A tiny accounting program. It receives the company's documents from Konekt live, keeps each one
 * in a folder (its FA(3) XML and its JSON), acknowledges it (RECEIVED) and marks it imported
 * (IMPORTED) with an operation of its own, typed by `npm run codegen`. It resumes after the last
 * event it handled, across reconnections and restarts, and stops on Ctrl-C.
 *
 *   KONEKT_URL=http://localhost:4000/graphql KONEKT_TOKEN=<the accounting program's token> npm start -- ./inbox
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AcknowledgeDocumentsDocument, KonektClient, type EventFieldsFragment } from '@konekt/client';
import { MarkImportedDocument } from './generated/graphql.js';

const [inbox] = process.argv.slice(2);
const { KONEKT_URL: url, KONEKT_TOKEN: token } = process.env;
if (!inbox || !url || !token) {
  console.error('usage: KONEKT_URL=… KONEKT_TOKEN=… npm start -- <inbox folder>');
  process.exit(2);
}

const client = new KonektClient({ url, token, lang: 'en' });
const cursorFile = path.join(inbox, '.konekt-cursor');
await mkdir(inbox, { recursive: true });

/** FV/2026/001, version 2 → FV_2026_001.v2 */
const baseName = (number: string, version: number) => `${number.replace(/[^\w.-]+/g, '_')}.v${version}`;

const book = async ({ kind, version, document }: EventFieldsFragment): Promise<void> => {
  if (kind === 'CANCELLED' || kind === 'DELETED') {
    console.log(`${document.number}: ${kind.toLowerCase()} by the sales side`);
    return;
  }
  // Events replayed after a restart: a document already imported or rejected needs nothing more.
  if ((kind !== 'SENT' && kind !== 'NEW_VERSION') || document.status === 'IMPORTED' || document.status === 'REJECTED')
    return;
  const { asKsefXml, ...fields } = document;
  const file = path.join(inbox, baseName(document.number, version));
  await writeFile(`${file}.xml`, asKsefXml);
  await writeFile(`${file}.json`, `${JSON.stringify(fields, null, 2)}\n`);
  console.log(
    `${document.number} v${version}: received, ${fields.lines.length} line(s), ${fields.totals.grossAmount} ${fields.currency}`,
  );
  if (document.status === 'SENT') await client.request(AcknowledgeDocumentsDocument, { ids: [document.id] });
  const { setDocumentStatus: result } = await client.request(MarkImportedDocument, { documentId: document.id });
  if (result.__typename === 'DocumentPayload') console.log(`${result.document.number}: ${result.document.status}`);
  else console.log(`${document.number}: not imported, ${result.code}: ${result.message}`);
};

const after = await readFile(cursorFile, 'utf8').then(
  (text) => text.trim() || null,
  () => null,
);
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
console.log(after ? `resuming after ${after}` : 'receiving from the first event');

await client.follow({
  after,
  signal: stop.signal,
  onEvent: async (event) => {
    await book(event);
    // Only once the document is booked: a crash before this line handles the event again.
    await writeFile(cursorFile, `${event.cursor}\n`);
  },
  onReconnect: (attempt, delayMs, reason) =>
    console.error(`${reason.message}; trying again in ${delayMs / 1000} s (attempt ${attempt})`),
  onReconnected: () => console.error('connected again'),
});
console.log('stopped');

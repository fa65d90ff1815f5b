/**
 * A tiny sales program. It sends every invoice of a folder to Konekt (*.json as document fields,
 * *.xml as FA(3) invoices), then prints each status the accounting side sets as it comes back,
 * until every document it sent is imported or rejected.
 *
 *   KONEKT_URL=http://localhost:4000/graphql KONEKT_TOKEN=<the sales program's token> npm start -- ./invoices
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  KonektClient,
  SendDocumentDocument,
  type DocumentInput,
  type DocumentStatus,
  type SendDocumentInput,
} from '@konekt/client';

const [folder] = process.argv.slice(2);
const { KONEKT_URL: url, KONEKT_TOKEN: token } = process.env;
if (!folder || !url || !token) {
  console.error('usage: KONEKT_URL=… KONEKT_TOKEN=… npm start -- <folder of .json and .xml invoices>');
  process.exit(2);
}

const client = new KonektClient({ url, token, lang: 'en' });
const FINAL: readonly DocumentStatus[] = ['IMPORTED', 'REJECTED'];
/** The documents sent now whose final status has not come back yet, by id. */
const waiting = new Map<string, string>();

const inputOf = (fileName: string, content: string): SendDocumentInput => {
  // The key is the content's hash: sending the same file again is recognised, not stored twice.
  const idempotencyKey = createHash('sha256').update(content).digest('hex');
  if (fileName.toLowerCase().endsWith('.xml')) return { idempotencyKey, ksefXml: content };
  return { idempotencyKey, document: JSON.parse(content) as DocumentInput };
};

const send = async (fileName: string): Promise<void> => {
  const input = inputOf(fileName, await readFile(path.join(folder, fileName), 'utf8'));
  const { sendDocument: result } = await client.request(SendDocumentDocument, { input });
  if (result.__typename !== 'SendDocumentPayload') {
    console.log(`${fileName}: refused, ${result.code}: ${result.message}`);
    return;
  }
  const { id, number, version, status, warnings } = result.document;
  console.log(`${fileName}: ${number} v${version} ${result.outcome.toLowerCase()}, ${status}`);
  for (const warning of warnings) console.log(`  warning ${warning.code}: ${warning.message}`);
  if (!FINAL.includes(status)) waiting.set(id, number);
};

const invoices = (await readdir(folder)).filter((name) => /\.(json|xml)$/i.test(name)).sort();
// A refusal is printed and the next file sent; a KonektRequestError (a bad token) or a
// KonektUnreachableError ends the program.
for (const fileName of invoices) await send(fileName);

// The cursor of the last event handled, beside the invoices: the next run resumes after it.
const cursorFile = path.join(folder, '.konekt-cursor');
const after = await readFile(cursorFile, 'utf8').then(
  (text) => text.trim() || null,
  () => null,
);
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());

if (waiting.size > 0) {
  console.log(`waiting for ${waiting.size} status(es)…`);
  await client.follow({
    after,
    signal: stop.signal,
    onEvent: async ({ cursor, document, version, status }) => {
      const reason = document.statusReason ? ` (${document.statusReason})` : '';
      console.log(`${document.number} v${version}: ${status}${status === 'REJECTED' ? reason : ''}`);
      if (FINAL.includes(status)) waiting.delete(document.id);
      await writeFile(cursorFile, `${cursor}\n`);
      if (waiting.size === 0) stop.abort();
    },
    onReconnect: (attempt, delayMs, reason) =>
      console.error(`${reason.message}; trying again in ${delayMs / 1000} s (attempt ${attempt})`),
    onReconnected: () => console.error('connected again'),
  });
}
console.log(waiting.size === 0 ? 'every document sent has its final status' : `${waiting.size} still waiting`);

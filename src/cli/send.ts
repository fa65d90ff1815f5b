import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { KonektClient, SendDocumentDocument, type SendDocumentInput } from '../client/index.js';

export interface SendSummary {
  sent: number;
  newVersions: number;
  alreadySent: number;
  refused: { file: string; reason: string }[];
}

const SENDABLE = /\.(json|xml)$/;

/** Every .json and .xml file named, directories expanded (not recursively), in name order. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const entry of paths) {
    const info = await stat(entry);
    if (info.isDirectory()) {
      const names = (await readdir(entry)).filter((name) => SENDABLE.test(name) && !name.startsWith('.')).sort();
      files.push(...names.map((name) => path.join(entry, name)));
    } else {
      files.push(entry);
    }
  }
  return files;
}

/** The same document always gets the same key, so sending a file twice never makes two documents. */
export function idempotencyKeyFor(document: unknown): string {
  return `konekt-send:${createHash('sha256').update(JSON.stringify(document)).digest('hex')}`;
}

type Input = Pick<SendDocumentInput, 'document' | 'ksefXml'>;

/** A .json file holds one document or an array of them; an .xml file one FA(3) invoice, sent as it is. */
async function readDocuments(file: string): Promise<{ key: string; input: Input }[]> {
  const text = await readFile(file, 'utf8');
  if (file.endsWith('.xml')) {
    return [{ key: `konekt-send-fa3:${createHash('sha256').update(text).digest('hex')}`, input: { ksefXml: text } }];
  }
  const parsed = JSON.parse(text) as unknown;
  return (Array.isArray(parsed) ? parsed : [parsed]).map((document) => ({
    key: idempotencyKeyFor(document),
    input: { document: document as SendDocumentInput['document'] },
  }));
}

function progress(done: number, total: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/** `konekt send`: JSON files in the API's DocumentInput shape, and FA(3) invoices (.xml). */
export async function send(
  client: KonektClient,
  paths: string[],
  out: { progress: (text: string) => void },
): Promise<SendSummary> {
  const files = await collectFiles(paths);
  const summary: SendSummary = { sent: 0, newVersions: 0, alreadySent: 0, refused: [] };
  const items: { file: string; key: string; input: Input }[] = [];
  for (const file of files) {
    try {
      for (const document of await readDocuments(file)) items.push({ file, ...document });
    } catch (error) {
      summary.refused.push({ file, reason: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  let done = 0;
  for (const { file, key, input } of items) {
    try {
      const { sendDocument: result } = await client.request(SendDocumentDocument, {
        input: { idempotencyKey: key, ...input },
      });
      if (result.__typename === 'SendDocumentPayload') {
        if (result.outcome === 'CREATED') summary.sent += 1;
        else if (result.outcome === 'NEW_VERSION') summary.newVersions += 1;
        else summary.alreadySent += 1;
      } else {
        const where = 'field' in result && result.field ? ` (${result.field})` : '';
        summary.refused.push({ file, reason: `${result.code}${where}: ${result.message}` });
      }
    } catch (error) {
      summary.refused.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
    done += 1;
    if (items.length > 1) out.progress(progress(done, items.length));
  }
  if (items.length > 1) out.progress('\n');
  return summary;
}

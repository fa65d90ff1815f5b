import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  KonektClient,
  KonektRequestError,
  KonektUnreachableError,
  SendDocumentDocument,
  type SendDocumentInput,
} from '../../packages/client/src/index.js';
import { UsageError } from './exit.js';
import type { CliText } from '../i18n/cli/index.js';

export interface SendSummary {
  /** How many .json and .xml files were named or found. */
  files: number;
  sent: number;
  newVersions: number;
  alreadySent: number;
  refused: { file: string; reason: string }[];
  /** Set when the server stopped answering; the documents from there on were not sent. */
  unreachable?: KonektUnreachableError;
  notSent: number;
}

const SENDABLE = /\.(json|xml)$/;

/** Every .json and .xml file named, directories expanded (not recursively), in name order. */
export async function collectFiles(paths: string[], text: CliText): Promise<string[]> {
  const files: string[] = [];
  for (const entry of paths) {
    const info = await stat(entry).catch(() => undefined);
    if (!info) throw new UsageError(text.usage.noSuchPath(entry));
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

/**
 * A .json file holds one document or an array of them; an .xml file one FA(3) invoice, sent as it
 * is. A file that holds no document is refused with the reason.
 */
async function readDocuments(file: string, text: CliText): Promise<{ key: string; input: Input }[] | string> {
  const content = await readFile(file, 'utf8');
  if (file.endsWith('.xml')) {
    return [
      { key: `konekt-send-fa3:${createHash('sha256').update(content).digest('hex')}`, input: { ksefXml: content } },
    ];
  }
  const parsed = JSON.parse(content) as unknown;
  const documents = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  if (documents.length === 0) return text.send.emptyArray;
  if (documents.some((document) => typeof document !== 'object' || document === null || Array.isArray(document))) {
    return text.send.notADocument;
  }
  return documents.map((document) => ({
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
  text: CliText,
  out: { progress: (text: string) => void },
): Promise<SendSummary> {
  const files = await collectFiles(paths, text);
  const summary: SendSummary = {
    files: files.length,
    sent: 0,
    newVersions: 0,
    alreadySent: 0,
    refused: [],
    notSent: 0,
  };
  const items: { file: string; key: string; input: Input }[] = [];
  for (const file of files) {
    try {
      const documents = await readDocuments(file, text);
      if (typeof documents === 'string') summary.refused.push({ file, reason: documents });
      else for (const document of documents) items.push({ file, ...document });
    } catch (error) {
      summary.refused.push({
        file,
        reason: text.send.cannotRead(error instanceof Error ? error.message : String(error)),
      });
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
      // The server being away, or the token no longer working, is no verdict on this document: stop.
      if (error instanceof KonektUnreachableError) {
        summary.unreachable = error;
        summary.notSent = items.length - done;
        break;
      }
      if (error instanceof KonektRequestError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
        throw error;
      }
      summary.refused.push({ file, reason: error instanceof Error ? error.message : String(error) });
    }
    done += 1;
    if (items.length > 1) out.progress(progress(done, items.length));
  }
  if (items.length > 1 && done > 0) out.progress('\n');
  return summary;
}

import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  AcknowledgeDocumentsDocument,
  DocumentEventsDocument,
  KonektClient,
  type EventFieldsFragment,
} from '../client/index.js';
import { safeFileName, writeFileAtomic } from './files.js';

export const CURSOR_FILE = '.konekt-cursor';

export interface ReceiveOptions {
  client: KonektClient;
  outDir: string;
  once: boolean;
  log: (line: string) => void;
  signal?: AbortSignal;
}

export async function readCursor(outDir: string, name = CURSOR_FILE): Promise<string | null> {
  try {
    const text = (await readFile(path.join(outDir, name), 'utf8')).trim();
    return text || null;
  } catch {
    return null;
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Half-written files of a run that was killed; their events were not done, so they will be written again. */
export async function removeStaleTemporaries(outDir: string) {
  for (const name of await readdir(outDir)) {
    if (name.startsWith('.') && name.endsWith('.tmp')) await rm(path.join(outDir, name), { force: true });
  }
}

/** `FV_1.json` for the first version, `FV_1.v2.json` beside it for the second, and so on. */
export function documentFileName(number: string, version: number): string {
  return `${safeFileName(number)}${version > 1 ? `.v${version}` : ''}.json`;
}

export interface ReceiveStats {
  documents: number;
  notices: number;
}

/**
 * Stores one event's files in `outDir`, idempotently: a document file is written only if that version
 * is not on disk yet, and acknowledged only once the file is there. The caller moves its cursor
 * after this, so a restart after a kill at any point repeats the unfinished event and ends in the
 * same state. Every receiver (a company's, an office's) stores events here.
 */
export async function storeEvent(
  options: Pick<ReceiveOptions, 'client' | 'log'>,
  outDir: string,
  event: EventFieldsFragment,
  stats: ReceiveStats,
) {
  const { client, log } = options;
  const { document } = event;
  if (event.kind === 'SENT' || event.kind === 'NEW_VERSION') {
    const file = path.join(outDir, documentFileName(document.number, event.version));
    if (!(await exists(file))) {
      const record = {
        receivedAt: new Date().toISOString(),
        event: { cursor: event.cursor, kind: event.kind },
        document,
      };
      await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
      stats.documents += 1;
      log(
        `${event.kind === 'SENT' ? 'received' : 'new version'}: ${document.number} v${event.version} → ${path.basename(file)}`,
      );
    }
    if (document.status === 'SENT') await client.request(AcknowledgeDocumentsDocument, { ids: [document.id] });
  } else if (event.kind === 'CANCELLED' || event.kind === 'DELETED') {
    const word = event.kind === 'CANCELLED' ? 'cancelled' : 'deleted';
    await writeFileAtomic(
      path.join(outDir, `${safeFileName(document.number)}.${word}.json`),
      `${JSON.stringify({ event: { cursor: event.cursor, kind: event.kind, occurredAt: event.occurredAt }, documentId: document.id, number: document.number }, null, 2)}\n`,
    );
    stats.notices += 1;
    log(`${word} in the sales program: ${document.number}`);
  }
}

async function handleEvent(options: ReceiveOptions, event: EventFieldsFragment, stats: ReceiveStats) {
  await storeEvent(options, options.outDir, event, stats);
  await writeFileAtomic(path.join(options.outDir, CURSOR_FILE), `${event.cursor}\n`);
}

/** `konekt receive`: the accounting side's inbox on disk. */
export async function receive(
  options: ReceiveOptions,
): Promise<{ documents: number; notices: number; cursor: string | null }> {
  await mkdir(options.outDir, { recursive: true });
  await removeStaleTemporaries(options.outDir);
  const stats = { documents: 0, notices: 0 };
  let cursor = await readCursor(options.outDir);
  options.log(cursor ? `continuing after event ${cursor}` : 'starting from the first event');
  if (options.once) {
    for (;;) {
      const { documentEvents } = await options.client.request(DocumentEventsDocument, { after: cursor, first: 200 });
      for (const { node } of documentEvents.edges) {
        await handleEvent(options, node, stats);
        cursor = node.cursor;
      }
      if (!documentEvents.pageInfo.hasNextPage) break;
    }
    return { ...stats, cursor };
  }
  await options.client.follow({
    after: cursor,
    signal: options.signal,
    onEvent: async (event) => {
      await handleEvent(options, event, stats);
      cursor = event.cursor;
    },
    onReconnect: (attempt, delayMs, reason) =>
      options.log(
        `connection lost (${reason instanceof Error ? reason.message : String(reason)}); retry ${attempt} in ${Math.round(delayMs)} ms`,
      ),
  });
  return { ...stats, cursor };
}

import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  AcknowledgeDocumentsDocument,
  DocumentEventsDocument,
  KonektClient,
  KonektConnectionLostError,
  KonektUnreachableError,
  type EventFieldsFragment,
} from '../../packages/client/src/index.js';
import { safeFileName, writeFileAtomic } from './files.js';
import { unreachableLine } from './network.js';
import type { CliText } from './text/index.js';

export const CURSOR_FILE = '.konekt-cursor';

export interface ReceiveOptions {
  client: KonektClient;
  outDir: string;
  once: boolean;
  log: (line: string) => void;
  text: CliText;
  signal?: AbortSignal;
}

async function readCursor(outDir: string): Promise<string | null> {
  try {
    const text = (await readFile(path.join(outDir, CURSOR_FILE), 'utf8')).trim();
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
async function removeStaleTemporaries(outDir: string) {
  for (const name of await readdir(outDir)) {
    if (name.startsWith('.') && name.endsWith('.tmp')) await rm(path.join(outDir, name), { force: true });
  }
}

/** `FV_1.json` for the first version, `FV_1.v2.json` beside it for the second, and so on; `.xml` for its FA(3). */
export function documentFileName(number: string, version: number, extension: 'json' | 'xml' = 'json'): string {
  return `${safeFileName(number)}${version > 1 ? `.v${version}` : ''}.${extension}`;
}

/**
 * Handles one event, idempotently: a document file is written only if that version is not on disk
 * yet, acknowledged only once the file is there, and the cursor moves only after both. Killed at
 * any point, a restart repeats the unfinished event and ends in the same state.
 */
async function handleEvent(
  options: ReceiveOptions,
  event: EventFieldsFragment,
  stats: { documents: number; notices: number },
) {
  const { client, outDir, log, text } = options;
  const { asKsefXml, ...document } = event.document;
  if (event.kind === 'SENT' || event.kind === 'NEW_VERSION') {
    const file = path.join(outDir, documentFileName(document.number, event.version));
    if (!(await exists(file))) {
      // The FA(3) file first: the JSON file is the mark of a version done.
      await writeFileAtomic(path.join(outDir, documentFileName(document.number, event.version, 'xml')), asKsefXml);
      const record = {
        receivedAt: new Date().toISOString(),
        event: { cursor: event.cursor, kind: event.kind },
        document,
      };
      await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
      stats.documents += 1;
      const describe = event.kind === 'SENT' ? text.receive.received : text.receive.newVersion;
      log(describe(document.number, event.version, path.basename(file)));
    }
    if (document.status === 'SENT') await client.request(AcknowledgeDocumentsDocument, { ids: [document.id] });
  } else if (event.kind === 'CANCELLED' || event.kind === 'DELETED') {
    const word = event.kind === 'CANCELLED' ? 'cancelled' : 'deleted';
    await writeFileAtomic(
      path.join(outDir, `${safeFileName(document.number)}.${word}.json`),
      `${JSON.stringify({ event: { cursor: event.cursor, kind: event.kind, occurredAt: event.occurredAt }, documentId: document.id, number: document.number }, null, 2)}\n`,
    );
    stats.notices += 1;
    log(event.kind === 'CANCELLED' ? text.receive.cancelled(document.number) : text.receive.deleted(document.number));
  }
  await writeFileAtomic(path.join(outDir, CURSOR_FILE), `${event.cursor}\n`);
}

const formatSeconds = (ms: number) => (ms >= 1000 ? String(Math.round(ms / 1000)) : (ms / 1000).toFixed(1));

/** `konekt receive`: the accounting side's inbox on disk. */
export async function receive(
  options: ReceiveOptions,
): Promise<{ documents: number; notices: number; cursor: string | null }> {
  await mkdir(options.outDir, { recursive: true });
  await removeStaleTemporaries(options.outDir);
  const stats = { documents: 0, notices: 0 };
  let cursor = await readCursor(options.outDir);
  const { text } = options;
  options.log(cursor ? text.receive.continuing(cursor) : text.receive.fromStart);
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
    onReconnect: (_attempt, delayMs, reason) => {
      const why =
        reason instanceof KonektUnreachableError || reason instanceof KonektConnectionLostError
          ? unreachableLine(text, reason)
          : reason.message;
      options.log(`${why}; ${text.network.retrying(formatSeconds(delayMs))}`);
    },
    onReconnected: () => options.log(text.network.reconnected(options.client.url)),
  });
  return { ...stats, cursor };
}

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
import type { CliText } from '../i18n/cli/index.js';

export const CURSOR_FILE = '.konekt-cursor';
/** Events per page when catching up: whole documents, so a page stays within the server's cost limit. */
export const RECEIVE_PAGE = 100;

export interface ReceiveOptions {
  client: KonektClient;
  outDir: string;
  once: boolean;
  log: (line: string) => void;
  text: CliText;
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

/** `FV_1.json` for the first version, `FV_1.v2.json` beside it for the second, and so on; `.xml` for its FA(3). */
export function documentFileName(number: string, version: number, extension: 'json' | 'xml' = 'json'): string {
  return `${safeFileName(number)}${version > 1 ? `.v${version}` : ''}.${extension}`;
}

export interface ReceiveStats {
  documents: number;
  notices: number;
}

/**
 * Stores one event's files in `outDir`, idempotently: a document file is written only if that
 * version is not on disk yet, and acknowledged only once the file is there. The caller moves its
 * cursor after this, so a restart after a kill at any point repeats the unfinished event and ends
 * in the same state. Every receiver (a company's, an office's) stores events here.
 */
export async function storeEvent(
  options: Pick<ReceiveOptions, 'client' | 'log' | 'text'>,
  outDir: string,
  event: EventFieldsFragment,
  stats: ReceiveStats,
) {
  const { client, log, text } = options;
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
}

async function handleEvent(options: ReceiveOptions, event: EventFieldsFragment, stats: ReceiveStats) {
  await storeEvent(options, options.outDir, event, stats);
  await writeFileAtomic(path.join(options.outDir, CURSOR_FILE), `${event.cursor}\n`);
}

const formatSeconds = (ms: number) => (ms >= 1000 ? String(Math.round(ms / 1000)) : (ms / 1000).toFixed(1));

/** What a follower says when its connection drops and when it is back (a company's or an office's). */
export function reconnectLogging(options: Pick<ReceiveOptions, 'log' | 'text'>) {
  const { text, log } = options;
  return {
    onReconnect: (_attempt: number, delayMs: number, reason: Error) => {
      const why =
        reason instanceof KonektUnreachableError || reason instanceof KonektConnectionLostError
          ? unreachableLine(text, reason)
          : reason.message;
      log(`${why}; ${delayMs === 0 ? text.network.retryingNow : text.network.retrying(formatSeconds(delayMs))}`);
    },
    onReconnected: (url: string) => log(text.network.reconnected(url)),
  };
}

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
      const { documentEvents } = await options.client.request(DocumentEventsDocument, {
        after: cursor,
        first: RECEIVE_PAGE,
      });
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
    ...reconnectLogging(options),
  });
  return { ...stats, cursor };
}

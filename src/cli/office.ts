import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  KonektClient,
  OfficeClientsDocument,
  OfficeDocumentEventsDocument,
  type OfficeEventFieldsFragment,
} from '../../packages/client/src/index.js';
import type { Lang } from '../i18n/index.js';
import { listDocuments, table } from './documents.js';
import { safeFileName, writeFileAtomic } from './files.js';
import { loadProfile } from './profile.js';
import {
  readCursor,
  RECEIVE_PAGE,
  reconnectLogging,
  removeStaleTemporaries,
  storeEvent,
  type ReceiveOptions,
  type ReceiveStats,
} from './receive.js';
import { CLI_TEXT, type CliText } from '../i18n/cli/index.js';

/** The office's one cursor, beside the clients' folders. */
export const OFFICE_CURSOR_FILE = '.konekt-office-cursor';

/** A client for the office program of the profile; any other profile is refused before the server is asked. */
export async function officeClient(profileFile: string, lang: Lang, cliText: CliText): Promise<KonektClient> {
  const profile = await loadProfile(profileFile, cliText);
  if (!profile.office) throw new Error(CLI_TEXT[lang].office.notAnOffice(profileFile));
  return new KonektClient({ url: profile.url, token: profile.programToken, lang });
}

/**
 * `konekt receive --office`: every client's documents in `DIR/<NIP>/`, written exactly as a
 * company's own receiver writes them (storeEvent), and one cursor for the office, moved after
 * each event. Killed at any point, a restart repeats at most the unfinished event.
 */
export async function receiveOffice(options: ReceiveOptions): Promise<ReceiveStats & { cursor: string | null }> {
  const { client, outDir, log, text } = options;
  await mkdir(outDir, { recursive: true });
  await removeStaleTemporaries(outDir);
  for (const entry of await readdir(outDir, { withFileTypes: true })) {
    if (entry.isDirectory()) await removeStaleTemporaries(path.join(outDir, entry.name));
  }
  const stats: ReceiveStats = { documents: 0, notices: 0 };
  const folders = new Set<string>();
  let cursor = await readCursor(outDir, OFFICE_CURSOR_FILE);
  log(cursor ? text.receive.continuingFrom(OFFICE_CURSOR_FILE) : text.receive.fromStart);

  const handle = async ({ company, event, cursor: next }: OfficeEventFieldsFragment) => {
    const folder = path.join(outDir, safeFileName(company.nip));
    if (!folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      folders.add(folder);
    }
    await storeEvent({ client, text, log: (line) => log(`${company.nip} ${line}`) }, folder, event, stats);
    await writeFileAtomic(path.join(outDir, OFFICE_CURSOR_FILE), `${next}\n`);
    cursor = next;
  };

  if (options.once) {
    for (;;) {
      const { officeDocumentEvents: page } = await client.request(OfficeDocumentEventsDocument, {
        after: cursor,
        first: RECEIVE_PAGE,
      });
      for (const { node } of page.edges) await handle(node);
      if (!page.pageInfo.hasNextPage) break;
    }
    return { ...stats, cursor };
  }
  await client.followOffice({
    after: cursor,
    signal: options.signal,
    onEvent: handle,
    ...reconnectLogging(options),
  });
  return { ...stats, cursor };
}

const minutes = (timestamp: string | null | undefined) => (timestamp ? timestamp.slice(0, 16).replace('T', ' ') : '');

/** `konekt documents --office`: the inbox, a client per row, the longest-waiting first. */
export async function officeInbox(client: KonektClient, lang: Lang): Promise<string> {
  const text = CLI_TEXT[lang].office;
  const { officeClients } = await client.request(OfficeClientsDocument, {});
  if (officeClients.length === 0) return text.noClients;
  const h = text.inbox;
  return table(
    [h.nip, h.name, h.waiting, h.since, h.issued, h.lastEvent, h.overdue],
    officeClients.map((entry) => [
      entry.company.nip,
      entry.company.name,
      String(entry.waitingCount),
      minutes(entry.waitingSince),
      entry.oldestWaitingIssueDate ?? '',
      minutes(entry.lastEventAt),
      entry.overdue ? '!' : '',
    ]),
  );
}

/** `konekt documents --office --nip NIP`: one client's documents, as its own accounting program lists them. */
export async function clientDocuments(
  client: KonektClient,
  nip: string,
  limit: number,
  lang: Lang,
  cliText: CliText,
): Promise<string> {
  const { officeClients } = await client.request(OfficeClientsDocument, {});
  const company = officeClients.find((entry) => entry.company.nip === nip.replace(/\D/g, ''))?.company;
  if (!company) throw new Error(CLI_TEXT[lang].office.unknownClient(nip));
  return listDocuments(client, limit, cliText, company.id);
}

import type { Db } from '../db/index.js';
import type { Document } from '../generated/prisma/client.js';
import { exportFa3 } from '../ksef/index.js';
import type { DocumentContent } from './validation.js';

interface Wanted {
  documentId: string;
  version: number;
  found: Promise<string | null>;
  resolve: (xml: string | null) => void;
  reject: (error: unknown) => void;
}

const waiting = new WeakMap<Db, Map<string, Wanted>>();

async function readTogether(db: Db, wanted: Map<string, Wanted>) {
  try {
    const rows = await db.documentVersion.findMany({
      where: { OR: [...wanted.values()].map(({ documentId, version }) => ({ documentId, version })) },
      select: { documentId: true, version: true, ksefXml: true },
    });
    const byKey = new Map(rows.map((row) => [`${row.documentId}/${row.version}`, row.ksefXml]));
    for (const [key, one] of wanted) one.resolve(byKey.get(key) ?? null);
  } catch (error) {
    for (const one of wanted.values()) one.reject(error);
  }
}

/**
 * The FA(3) XML of one document version. The XML is kept out of every other read, so it costs
 * a query only when asked for; the versions asked for in the same turn of the event loop (a page
 * of events, the subscribers woken by one event) are read in one query.
 */
function versionXml(db: Db, documentId: string, version: number): Promise<string | null> {
  let batch = waiting.get(db);
  if (!batch) {
    const fresh = new Map<string, Wanted>();
    batch = fresh;
    waiting.set(db, fresh);
    setImmediate(() => {
      waiting.delete(db);
      void readTogether(db, fresh);
    });
  }
  const key = `${documentId}/${version}`;
  const known = batch.get(key);
  if (known) return known.found;
  let resolve: Wanted['resolve'] = () => undefined;
  let reject: Wanted['reject'] = () => undefined;
  const found = new Promise<string | null>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  batch.set(key, { documentId, version, found, resolve, reject });
  return found;
}

type StoredDocument = Pick<Document, 'id' | 'companyId' | 'version' | 'ksefSha256'> & { content: unknown };

/** The FA(3) invoice of a document version as it was sent; null for a document sent as JSON. */
export function originalXml(db: Db, document: StoredDocument): Promise<string | null> {
  return document.ksefSha256 ? versionXml(db, document.id, document.version) : Promise.resolve(null);
}

/**
 * Any document as FA(3): the original of an FA(3) invoice, else the export of its structured
 * content. A JSON correction names only the corrected number; when that document is on the
 * exchange too, its issue date is the export's DataWystFaKorygowanej.
 */
export async function documentAsFa3(db: Db, document: StoredDocument): Promise<string> {
  const original = await originalXml(db, document);
  if (original !== null) return original;
  const content = document.content as DocumentContent;
  let correctedIssueDate: string | undefined;
  if (content.correctedNumber && !content.correctedInvoices) {
    const corrected = await db.document.findUnique({
      where: { companyId_number: { companyId: document.companyId, number: content.correctedNumber } },
      select: { issueDate: true },
    });
    correctedIssueDate = corrected?.issueDate.toISOString().slice(0, 10);
  }
  return exportFa3(content, { correctedIssueDate });
}

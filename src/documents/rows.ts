import { Prisma, type Document, type DocumentEvent } from '../generated/prisma/client.js';
import type { Db } from '../db/index.js';

export type DocumentJson = Omit<
  Document,
  'issueDate' | 'createdAt' | 'updatedAt' | 'removedFromQueueAt' | 'grossAmount'
> & {
  issueDate: string;
  createdAt: string;
  updatedAt: string;
  removedFromQueueAt: string | null;
  grossAmount: number | string;
};

/** A Document row as to_jsonb writes it: timestamps without a zone (they are UTC), numbers as JSON. */
export function documentFromJson(row: DocumentJson): Document {
  const utc = (timestamp: string) => new Date(`${timestamp}Z`);
  return {
    ...row,
    issueDate: new Date(`${row.issueDate}T00:00:00Z`),
    createdAt: utc(row.createdAt),
    updatedAt: utc(row.updatedAt),
    removedFromQueueAt: row.removedFromQueueAt ? utc(row.removedFromQueueAt) : null,
    grossAmount: new Prisma.Decimal(row.grossAmount),
  };
}

export type EventWithDocument = DocumentEvent & { document: Document };

/** Events after a cursor with their documents, in one statement (live subscribers run this on every wake-up). */
export async function readEvents(
  db: Db,
  companyId: string,
  after: number,
  limit: number,
): Promise<EventWithDocument[]> {
  const rows = await db.$queryRaw<EventRow[]>`
    SELECT e.id, e."companyId", e.sequence, e.kind::text AS kind, e."documentId", e.version, e.status::text AS status,
      e."occurredAt", to_jsonb(d) AS document, v.content AS "versionContent"
    FROM "DocumentEvent" e
    JOIN "Document" d ON d.id = e."documentId"
    LEFT JOIN "DocumentVersion" v ON v."documentId" = e."documentId" AND v.version = e.version
    WHERE e."companyId" = ${companyId}::uuid AND e.sequence > ${after}
    ORDER BY e.sequence
    LIMIT ${limit}`;
  return rows.map(eventWithDocument);
}

/**
 * The same for several companies in one statement, each from its own cursor and with its own
 * limit (an office catching up on its clients). Rows come in no particular order across companies.
 * Pages here are large, so each row carries its content once (the version's, else the current).
 */
export async function readEventsOfCompanies(
  db: Db,
  slices: readonly { companyId: string; after: number; limit: number }[],
): Promise<EventWithDocument[]> {
  if (slices.length === 0) return [];
  const rows = await db.$queryRaw<EventRow[]>`
    SELECT e.id, e."companyId", e.sequence, e.kind::text AS kind, e."documentId", e.version, e.status::text AS status,
      e."occurredAt", to_jsonb(d) - 'content' AS document, COALESCE(v.content, d.content) AS "versionContent"
    FROM unnest(${slices.map((s) => s.companyId)}::uuid[], ${slices.map((s) => s.after)}::int[],
      ${slices.map((s) => s.limit)}::int[]) AS slice("companyId", after, take)
    CROSS JOIN LATERAL (
      SELECT * FROM "DocumentEvent" x
      WHERE x."companyId" = slice."companyId" AND x.sequence > slice.after
      ORDER BY x.sequence
      LIMIT slice.take
    ) e
    JOIN "Document" d ON d.id = e."documentId"
    LEFT JOIN "DocumentVersion" v ON v."documentId" = e."documentId" AND v.version = e.version`;
  return rows.map(eventWithDocument);
}

type EventRow = DocumentEvent & { document: DocumentJson; versionContent: Document['content'] | null };

/**
 * Each event carries the content of the version it is about, with the document's current status
 * and state, so a receiver that was away still gets every version as it was sent.
 */
function eventWithDocument({ versionContent, ...row }: EventRow): EventWithDocument {
  const document = documentFromJson(row.document);
  return {
    ...row,
    document: versionContent ? { ...document, version: row.version, content: versionContent } : document,
  };
}

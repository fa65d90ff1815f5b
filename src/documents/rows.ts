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

/** An event with the document as it left it; `bytes` is what the page bound counted for it. */
export type EventWithDocument = DocumentEvent & { document: Document; bytes: number };

/** A page that stops at `first` items or at `maxBytes` of content, whichever comes first. */
export interface PageBound {
  first: number;
  /** Items are taken while the bytes of those before stay under this; the first one always fits. */
  maxBytes: number;
  /** Count the attachments' bytes too (as base64), because the answer carries them. */
  withFiles: boolean;
}

export interface Page<T> {
  items: T[];
  /** More items follow the page: it stopped at `first` or at `maxBytes`. */
  hasMore: boolean;
}

/** The bytes an item of a page weighs: its JSON content, and its files in base64 when they are asked for. */
export const contentBytes = (content: Prisma.Sql, documentId: Prisma.Sql, version: Prisma.Sql, withFiles: boolean) =>
  withFiles
    ? Prisma.sql`octet_length(${content}::text) + COALESCE((SELECT sum(a.size) FROM "Attachment" a
        WHERE a."documentId" = ${documentId} AND a.version = ${version}), 0) * 4 / 3`
    : Prisma.sql`octet_length(${content}::text)`;

/**
 * Events after a cursor with their documents, in one statement (live subscribers run this on every
 * wake-up). Each event carries the content of the version it is about (its FA(3) facts too; the XML
 * is read only when asked for), with the document's current status and state, so a receiver that
 * was away still gets every version as it was sent. The page is bounded in bytes as well as in
 * count, measured before the heavy columns are read.
 */
export async function readEvents(
  db: Db,
  companyId: string,
  after: number,
  bound: PageBound,
): Promise<Page<EventWithDocument>> {
  const rows = await db.$queryRaw<(EventRow & { bytes: number; available: number })[]>`
    WITH page AS (
      SELECT e.sequence, ${contentBytes(
        Prisma.sql`COALESCE(v.content, d.content)`,
        Prisma.sql`e."documentId"`,
        Prisma.sql`e.version`,
        bound.withFiles,
      )} AS bytes
      FROM "DocumentEvent" e
      JOIN "Document" d ON d.id = e."documentId"
      LEFT JOIN "DocumentVersion" v ON v."documentId" = e."documentId" AND v.version = e.version
      WHERE e."companyId" = ${companyId}::uuid AND e.sequence > ${after}
      ORDER BY e.sequence
      LIMIT ${bound.first + 1}
    ), sized AS (
      SELECT sequence, bytes, sum(bytes) OVER (ORDER BY sequence) - bytes AS before,
        row_number() OVER (ORDER BY sequence) AS n, count(*) OVER () AS available
      FROM page
    )
    SELECT e.id, e."companyId", e.sequence, e.kind::text AS kind, e."documentId", e.version, e.status::text AS status,
      e."occurredAt", to_jsonb(d) - 'content' AS document,
      ${AS_OF_VERSION} AS "asOfVersion",
      s.bytes::int AS bytes, s.available::int AS available
    FROM sized s
    JOIN "DocumentEvent" e ON e."companyId" = ${companyId}::uuid AND e.sequence = s.sequence
    JOIN "Document" d ON d.id = e."documentId"
    LEFT JOIN "DocumentVersion" v ON v."documentId" = e."documentId" AND v.version = e.version
    WHERE s.n <= ${bound.first} AND (s.n = 1 OR s.before < ${bound.maxBytes})
    ORDER BY e.sequence`;
  const items = rows.map(({ available: _available, ...row }) => eventWithDocument(row));
  return { items, hasMore: (rows[0]?.available ?? 0) > items.length };
}

/**
 * The same for several companies in one statement, each from its own cursor and with its own
 * limit (an office catching up on its clients). Rows come in no particular order across companies.
 * Each row carries its content once (the version's, with its FA(3) facts, else the current).
 */
export async function readEventsOfCompanies(
  db: Db,
  slices: readonly { companyId: string; after: number; limit: number }[],
): Promise<EventWithDocument[]> {
  if (slices.length === 0) return [];
  const rows = await db.$queryRaw<(EventRow & { bytes: number })[]>`
    SELECT e.id, e."companyId", e.sequence, e.kind::text AS kind, e."documentId", e.version, e.status::text AS status,
      e."occurredAt", to_jsonb(d) - 'content' AS document, ${AS_OF_VERSION} AS "asOfVersion",
      octet_length(COALESCE(v.content, d.content)::text)::int AS bytes
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

type EventRow = DocumentEvent & {
  document: DocumentJson;
  asOfVersion: Pick<Document, 'content'> &
    Partial<Pick<Document, 'version' | 'ksefSha256' | 'ksefNumber' | 'warnings'>>;
};

/** What a version adds to the document row `d`: its content and its FA(3) facts (`v` is the event's version). */
const AS_OF_VERSION = Prisma.sql`CASE WHEN v."documentId" IS NULL THEN jsonb_build_object('content', d.content)
  ELSE jsonb_build_object('version', v.version, 'content', v.content, 'ksefSha256', v."ksefSha256",
    'ksefNumber', v."ksefNumber", 'warnings', v.warnings) END`;

/**
 * The document as the event left it: the content of the version it is about (read once, the row
 * comes without its own current content), with the document's current status and state, so a
 * receiver that was away still gets every version as it was sent.
 */
function eventWithDocument<T extends EventRow>({
  asOfVersion,
  ...row
}: T): Omit<T, 'asOfVersion'> & {
  document: Document;
} {
  return { ...row, document: { ...documentFromJson(row.document), ...asOfVersion } };
}

import { Prisma, type Document, type DocumentEvent } from '../generated/prisma/client.js';
import type { SqlQuery } from '../db/index.js';

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
export type EventWithDocument = Omit<DocumentEvent, 'id'> & { document: Document; bytes: number };

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

/**
 * The bytes an item of a page weighs: its JSON content (measured once, when it was written: the
 * `contentBytes` column), and its files in base64 when they are asked for.
 */
export const pageBytes = (bytes: Prisma.Sql, documentId: Prisma.Sql, version: Prisma.Sql, withFiles: boolean) =>
  withFiles
    ? Prisma.sql`${bytes} + COALESCE((SELECT sum(a.size) FROM "Attachment" a
        WHERE a."documentId" = ${documentId} AND a.version = ${version}), 0) * 4 / 3`
    : bytes;

/**
 * The rows of a statement that selects each as one JSON value (`row_to_json(…) AS row`): the driver
 * then decodes one field per row instead of one per column (PGlite allocates a buffer for each
 * field), −40% of a PGlite page of 500 events, −45% over `pg`.
 */
export async function jsonRows<T>(sql: SqlQuery, query: Prisma.Sql): Promise<T[]> {
  return (await sql<{ row: T }>(query)).map(({ row }) => row);
}

/**
 * A page's size and bounds, written into the statement's text rather than passed as parameters:
 * PostgreSQL then costs the plan it would reuse. Given `LIMIT $2` it assumes a tenth of the rows, finds
 * that plan dear and plans every call afresh: a page of documents took 0.35 ms instead of 0.15
 * (bench/PROFILE.md, eighth round). Page sizes are few, so their statements are still prepared once.
 */
export function pageLiteral(n: number): Prisma.Sql {
  if (!Number.isSafeInteger(n)) throw new Error(`a page bound must be a whole number, not ${n}`);
  return Prisma.raw(String(n));
}

/**
 * A timestamp column (UTC, without a zone, to the millisecond) as milliseconds: no driver reads it
 * as local time. In floating point, rounded to the whole millisecond it holds: `extract` computes in
 * numeric, a tenth of a PGlite page of events.
 */
const millis = (column: string) => Prisma.raw(`round(date_part('epoch', ${column}) * 1000)`);

/**
 * The columns of the document `d`, as of its version `v` when `asOfVersion` (the content and FA(3)
 * facts of that version, with the document's current status and state), each in a form both
 * drivers read the same way. Without `withContent` the content is left out, and so are the columns
 * that only fields needing the content read (COLUMN_FIELDS name the others): most reads ask only for
 * what the columns hold, the content is most of a row's bytes, and on PGlite every column costs.
 */
export function documentColumns(asOfVersion: boolean, withContent: boolean): Prisma.Sql {
  const ofVersion = (column: string) =>
    Prisma.raw(asOfVersion ? `CASE WHEN v."documentId" IS NULL THEN d.${column} ELSE v.${column} END` : `d.${column}`);
  const coalesced = (column: string) => Prisma.raw(asOfVersion ? `COALESCE(v.${column}, d.${column})` : `d.${column}`);
  const columns = Prisma.sql`d.id, d."companyId", d.number, d.type::text AS type,
    ${coalesced('version')} AS version, d.status::text AS status, d.state::text AS state, d."statusReason",
    d.currency, ${ofVersion('"ksefNumber"')} AS "ksefNumber", ${ofVersion('warnings')} AS warnings,
    ${millis('d."createdAt"')} AS "createdAt", ${millis('d."updatedAt"')} AS "updatedAt",
    ${millis('d."removedFromQueueAt"')} AS "removedFromQueueAt"`;
  if (!withContent) return columns;
  return Prisma.sql`${columns}, d."configurationId", d."issueDate"::text AS "issueDate", d."buyerName",
    d."buyerNip", d."grossAmount"::text AS "grossAmount", d."contentHash",
    ${coalesced('"contentBytes"')} AS "contentBytes", ${coalesced('content')} AS content,
    ${ofVersion('"ksefSha256"')} AS "ksefSha256"`;
}

/** A row of documentColumns; read without the content, it has only the columns of COLUMN_FIELDS. */
export type DocumentRow = Omit<
  Document,
  'type' | 'status' | 'state' | 'issueDate' | 'grossAmount' | 'createdAt' | 'updatedAt' | 'removedFromQueueAt'
> &
  Pick<DocumentJson, 'type' | 'status' | 'state' | 'issueDate'> & {
    grossAmount: string;
    createdAt: number;
    updatedAt: number;
    removedFromQueueAt: number | null;
  };

/**
 * A document read with documentColumns. One read without its content lacks the columns that only
 * fields needing the content read (the GraphQL fields it can serve are COLUMN_FIELDS).
 */
export function documentFromRow(row: DocumentRow): Document {
  const columns = {
    id: row.id,
    companyId: row.companyId,
    number: row.number,
    type: row.type,
    version: row.version,
    status: row.status,
    state: row.state,
    statusReason: row.statusReason,
    currency: row.currency,
    ksefNumber: row.ksefNumber,
    warnings: row.warnings,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    removedFromQueueAt: row.removedFromQueueAt === null ? null : new Date(row.removedFromQueueAt),
  };
  if (row.content === undefined) return columns as Document;
  return {
    ...columns,
    configurationId: row.configurationId,
    issueDate: new Date(`${row.issueDate}T00:00:00Z`),
    buyerName: row.buyerName,
    buyerNip: row.buyerNip,
    grossAmount: new Prisma.Decimal(row.grossAmount),
    content: row.content,
    contentHash: row.contentHash,
    contentBytes: row.contentBytes,
    ksefSha256: row.ksefSha256,
  };
}

/** The event `e` beside its document's columns (documentColumns), under names of its own. */
const EVENT_COLUMNS = Prisma.sql`e.sequence, e.kind::text AS kind, e.version AS "eventVersion",
  e.status::text AS "eventStatus", ${millis('e."occurredAt"')} AS "occurredAt"`;

type EventRow = DocumentRow & {
  sequence: number;
  kind: DocumentEvent['kind'];
  eventVersion: number;
  eventStatus: DocumentEvent['status'];
  occurredAt: number;
  bytes: number;
};

function eventFromRow(row: EventRow): EventWithDocument {
  return {
    companyId: row.companyId,
    sequence: row.sequence,
    kind: row.kind,
    documentId: row.id,
    version: row.eventVersion,
    status: row.eventStatus,
    occurredAt: new Date(row.occurredAt),
    document: documentFromRow(row),
    bytes: row.bytes,
  };
}

/**
 * The version `v` an event `e` is about, beside its document `d`. Looked up with `LIMIT 1` (it is
 * the primary key, so at most one row anyway): without statistics the planner chose a bitmap scan,
 * whose every repetition asks the file system for the table's size (an fstat per event on PGlite).
 */
const EVENT_DOCUMENT = Prisma.sql`JOIN "Document" d ON d.id = e."documentId"
  LEFT JOIN LATERAL (SELECT * FROM "DocumentVersion" x
    WHERE x."documentId" = e."documentId" AND x.version = e.version LIMIT 1) v ON true`;

/**
 * Events after a cursor with their documents, in one statement (live subscribers run this on every
 * wake-up). Each event carries the content of the version it is about (its FA(3) facts too; the XML
 * is read only when asked for), with the document's current status and state, so a receiver that
 * was away still gets every version as it was sent; `withContent: false` leaves the content out.
 * The page is bounded in bytes as well as in count: the events are taken first, and a row cut by the
 * bound is never sent, its content never read. A company's log has no gaps, so the page's events are
 * also those up to `after + first + 1`: without that bound PGlite (which never gathers statistics)
 * sorted every event after the cursor for each page, a cost that grew with the backlog.
 */
export async function readEvents(
  sql: SqlQuery,
  companyId: string,
  after: number,
  bound: PageBound,
  withContent = true,
): Promise<Page<EventWithDocument>> {
  const bytes = pageBytes(
    Prisma.sql`COALESCE(v."contentBytes", d."contentBytes")`,
    Prisma.sql`e."documentId"`,
    Prisma.sql`e.version`,
    bound.withFiles,
  );
  const rows = await jsonRows<EventRow & { available: number }>(
    sql,
    Prisma.sql`
    SELECT row_to_json(page) AS row FROM (
      SELECT ${EVENT_COLUMNS}, ${documentColumns(true, withContent)}, weighed.bytes,
        sum(weighed.bytes) OVER ordered - weighed.bytes AS before, row_number() OVER ordered AS n,
        count(*) OVER ()::int AS available
      FROM (
        SELECT * FROM "DocumentEvent"
        WHERE "companyId" = ${companyId}::uuid AND sequence > ${after} AND sequence <= ${after + bound.first + 1}::bigint
        ORDER BY sequence
        LIMIT ${bound.first + 1}
      ) e
      ${EVENT_DOCUMENT}
      CROSS JOIN LATERAL (SELECT (${bytes})::int AS bytes) weighed
      WINDOW ordered AS (ORDER BY e.sequence)
    ) page
    WHERE page.n <= ${bound.first} AND (page.n = 1 OR page.before < ${bound.maxBytes})
    ORDER BY page.sequence`,
  );
  const items = rows.map(eventFromRow);
  return { items, hasMore: (rows[0]?.available ?? 0) > items.length };
}

/**
 * The same for several companies in one statement, each from its own cursor and with its own
 * limit (an office catching up on its clients). Rows come in no particular order across companies.
 */
export async function readEventsOfCompanies(
  sql: SqlQuery,
  slices: readonly { companyId: string; after: number; limit: number }[],
  withContent: boolean,
): Promise<EventWithDocument[]> {
  if (slices.length === 0) return [];
  const rows = await jsonRows<EventRow>(
    sql,
    Prisma.sql`
    SELECT row_to_json(page) AS row FROM (
    SELECT ${EVENT_COLUMNS}, ${documentColumns(true, withContent)},
      COALESCE(v."contentBytes", d."contentBytes") AS bytes
    FROM unnest(${slices.map((s) => s.companyId)}::uuid[], ${slices.map((s) => s.after)}::int[],
      ${slices.map((s) => s.limit)}::int[]) AS slice("companyId", after, take)
    CROSS JOIN LATERAL (
      SELECT * FROM "DocumentEvent" x
      WHERE x."companyId" = slice."companyId" AND x.sequence > slice.after
      ORDER BY x.sequence
      LIMIT slice.take
    ) e
    ${EVENT_DOCUMENT}
    ) page`,
  );
  return rows.map(eventFromRow);
}

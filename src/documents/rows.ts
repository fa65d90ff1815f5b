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

/**
 * Events after a cursor with their documents, in one statement (live subscribers run this on every
 * wake-up). Each event carries the content of the version it is about (its FA(3) facts too; the XML
 * is read only when asked for), with the document's current status and state, so a receiver that
 * was away still gets every version as it was sent.
 */
export async function readEvents(
  db: Db,
  companyId: string,
  after: number,
  limit: number,
): Promise<EventWithDocument[]> {
  const rows = await db.$queryRaw<
    (DocumentEvent & {
      document: DocumentJson;
      asOfVersion: Pick<Document, 'content'> &
        Partial<Pick<Document, 'version' | 'ksefSha256' | 'ksefNumber' | 'warnings'>>;
    })[]
  >`
    SELECT e.id, e."companyId", e.sequence, e.kind::text AS kind, e."documentId", e.version, e.status::text AS status,
      e."occurredAt", to_jsonb(d) - 'content' AS document,
      CASE WHEN v."documentId" IS NULL THEN jsonb_build_object('content', d.content)
        ELSE jsonb_build_object('version', v.version, 'content', v.content, 'ksefSha256', v."ksefSha256",
          'ksefNumber', v."ksefNumber", 'warnings', v.warnings) END AS "asOfVersion"
    FROM "DocumentEvent" e
    JOIN "Document" d ON d.id = e."documentId"
    LEFT JOIN "DocumentVersion" v ON v."documentId" = e."documentId" AND v.version = e.version
    WHERE e."companyId" = ${companyId}::uuid AND e.sequence > ${after}
    ORDER BY e.sequence
    LIMIT ${limit}`;
  // The version's content is read once: the document row comes without its own (current) content.
  return rows.map(({ asOfVersion, ...row }) => ({
    ...row,
    document: { ...documentFromJson(row.document), ...asOfVersion },
  }));
}

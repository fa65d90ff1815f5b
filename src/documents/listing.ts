import type { Context } from '../context.js';
import { isUuid } from '../db/uuid.js';
import { RequestError } from '../errors.js';
import { MAX_PAGE_BYTES } from './limits.js';
import { documentColumns, documentFromRow, jsonRows, pageBytes, pageLiteral, type DocumentRow } from './rows.js';
import { Prisma } from '../generated/prisma/client.js';
import type { DocumentStatus, DocumentType } from '../generated/prisma/enums.js';

export const MAX_DOCUMENTS_PAGE = 100;

export interface DocumentFilter {
  status?: DocumentStatus | null;
  type?: DocumentType | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  search?: string | null;
}

/**
 * The company whose documents are listed: the one asked for (the gate has checked it is the
 * caller's), else a program's own, else the only company where the account may view documents.
 */
export async function documentsCompany(ctx: Context, companyId: string | null | undefined): Promise<string> {
  const { viewer } = ctx;
  if (companyId) return companyId;
  if (viewer.kind === 'program') return viewer.companyId;
  const memberships =
    viewer.kind === 'account'
      ? await ctx.db.membership.findMany({
          where: { accountId: viewer.accountId, permissions: { has: 'VIEW_DOCUMENTS' } },
          select: { companyId: true },
          distinct: ['companyId'],
        })
      : [];
  if (memberships.length !== 1) throw new RequestError('BAD_USER_INPUT', (m) => m.access.sayWhichCompany, 'companyId');
  return memberships[0]!.companyId;
}

const encodeCursor = (d: { createdAt: Date; id: string }) =>
  Buffer.from(`${d.createdAt.toISOString()}|${d.id}`).toString('base64url');

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at);
  // Only what encodeCursor writes: an ISO instant (which PostgreSQL can hold) and a row id.
  if (rest.length > 0 || !isUuid(id) || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) {
    throw new RequestError('BAD_USER_INPUT', (m) => m.access.notAListCursor, 'after');
  }
  return { createdAt, id };
}

/** The conditions of a filter, in SQL on the "Document" row `d`. */
function filterConditions(companies: string | readonly string[], filter: DocumentFilter): Prisma.Sql[] {
  const conditions = [
    typeof companies === 'string'
      ? Prisma.sql`d."companyId" = ${companies}::uuid`
      : Prisma.sql`d."companyId" = ANY(${[...companies]}::uuid[])`,
  ];
  if (filter.status) conditions.push(Prisma.sql`d.status = ${filter.status}::"DocumentStatus"`);
  if (filter.type) conditions.push(Prisma.sql`d.type = ${filter.type}::"DocumentType"`);
  if (filter.dateFrom) conditions.push(Prisma.sql`d."issueDate" >= ${filter.dateFrom}::date`);
  if (filter.dateTo) conditions.push(Prisma.sql`d."issueDate" <= ${filter.dateTo}::date`);
  const search = filter.search?.trim();
  if (search) {
    const nip = search.replace(/[\s-]/g, '');
    conditions.push(Prisma.sql`(strpos(lower(d.number), lower(${search})) > 0
      OR strpos(lower(d."buyerName"), lower(${search})) > 0
      OR (${nip} <> '' AND strpos(COALESCE(d."buyerNip", ''), ${nip}) > 0))`);
  }
  return conditions;
}

/** What the documents of a page carry: their content (else only their columns), their files' bytes counted. */
export interface DocumentsAsked {
  withContent: boolean;
  withFiles: boolean;
}

/**
 * Newest first, keyset-paginated so that documents arriving meanwhile never shift a page; a page
 * stops at `first` documents or at MAX_PAGE_BYTES of content (limits.ts), in one statement.
 * Several companies at once for an office.
 */
export async function listDocuments(
  ctx: Context,
  companies: string | readonly string[],
  args: { first?: number | null; after?: string | null; filter?: DocumentFilter | null },
  { withFiles, withContent }: DocumentsAsked,
) {
  const first = Math.min(Math.max(args.first ?? 20, 1), MAX_DOCUMENTS_PAGE);
  const conditions = filterConditions(companies, args.filter ?? {});
  if (args.after) {
    const { createdAt, id } = decodeCursor(args.after);
    const at = createdAt.toISOString();
    conditions.push(
      Prisma.sql`(d."createdAt" < ${at}::timestamp OR (d."createdAt" = ${at}::timestamp AND d.id < ${id}::uuid))`,
    );
  }
  const rows = await jsonRows<DocumentRow & { available: number }>(
    ctx.sql,
    Prisma.sql`
    WITH page AS (
      SELECT d.id, d."createdAt", ${pageBytes(Prisma.sql`d."contentBytes"`, Prisma.sql`d.id`, Prisma.sql`d.version`, withFiles)} AS bytes
      FROM "Document" d
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY d."createdAt" DESC, d.id DESC
      LIMIT ${pageLiteral(first + 1)}
    ), sized AS (
      SELECT id, sum(bytes) OVER newest - bytes AS before, row_number() OVER newest AS n, count(*) OVER () AS available
      FROM page WINDOW newest AS (ORDER BY "createdAt" DESC, id DESC)
    )
    SELECT row_to_json(listed) AS row FROM (
      SELECT ${documentColumns(false, withContent)}, s.available::int AS available, s.n
      FROM sized s JOIN "Document" d ON d.id = s.id
      WHERE s.n <= ${pageLiteral(first)} AND (s.n = 1 OR s.before < ${pageLiteral(MAX_PAGE_BYTES)})
    ) listed
    ORDER BY listed.n`,
  );
  const page = rows.map(documentFromRow);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
    pageInfo: {
      hasNextPage: (rows[0]?.available ?? 0) > page.length,
      hasPreviousPage: Boolean(args.after),
      startCursor: page[0] ? encodeCursor(page[0]) : null,
      endCursor: page.length ? encodeCursor(page[page.length - 1]!) : null,
    },
  };
}

/** "Synchronizuj dane": what waits for this side, and the cursor to replay it from. */
export async function pendingFor(ctx: Context, companyId: string, side: 'SALES' | 'ACCOUNTING') {
  const pendingWhere: Prisma.DocumentWhereInput =
    side === 'ACCOUNTING'
      ? {
          companyId,
          OR: [
            { status: 'SENT', state: 'CURRENT' },
            { state: { not: 'CURRENT' }, removedFromQueueAt: null, status: { in: ['SENT', 'RECEIVED'] } },
          ],
        }
      : { companyId, state: 'CURRENT', status: { in: ['SENT', 'RECEIVED'] } };
  const [pendingCount, byStatus, company, oldest] = await Promise.all([
    ctx.db.document.count({ where: pendingWhere }),
    ctx.db.document.groupBy({ by: ['status'], where: { companyId }, _count: { _all: true } }),
    ctx.db.company.findUniqueOrThrow({ where: { id: companyId }, select: { lastEventSequence: true } }),
    ctx.db.documentEvent.findFirst({
      where: { companyId, document: pendingWhere },
      orderBy: { sequence: 'asc' },
      select: { sequence: true },
    }),
  ]);
  const count = (status: DocumentStatus) => byStatus.find((row) => row.status === status)?._count._all ?? 0;
  return {
    side,
    pendingCount,
    oldestPendingCursor: oldest ? String(oldest.sequence - 1) : null,
    lastCursor: String(company.lastEventSequence),
    sent: count('SENT'),
    received: count('RECEIVED'),
    imported: count('IMPORTED'),
    rejected: count('REJECTED'),
  };
}

import type { Context } from '../context.js';
import { RequestError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
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
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new RequestError('BAD_USER_INPUT', (m) => m.access.notAListCursor, 'after');
  }
  return { createdAt, id };
}

/** Newest first, keyset-paginated so that documents arriving meanwhile never shift a page. Several companies for an office. */
export async function listDocuments(
  ctx: Context,
  companies: string | readonly string[],
  args: { first?: number | null; after?: string | null; filter?: DocumentFilter | null },
) {
  const first = Math.min(Math.max(args.first ?? 20, 1), MAX_DOCUMENTS_PAGE);
  const filter = args.filter ?? {};
  const where: Prisma.DocumentWhereInput = {
    companyId: typeof companies === 'string' ? companies : { in: [...companies] },
  };
  if (filter.status) where.status = filter.status;
  if (filter.type) where.type = filter.type;
  if (filter.dateFrom || filter.dateTo) {
    where.issueDate = {
      ...(filter.dateFrom ? { gte: new Date(`${filter.dateFrom}T00:00:00Z`) } : {}),
      ...(filter.dateTo ? { lte: new Date(`${filter.dateTo}T00:00:00Z`) } : {}),
    };
  }
  const search = filter.search?.trim();
  if (search) {
    where.OR = [
      { number: { contains: search, mode: 'insensitive' } },
      { buyerName: { contains: search, mode: 'insensitive' } },
      { buyerNip: { contains: search.replace(/[\s-]/g, '') } },
    ];
  }
  if (args.after) {
    const { createdAt, id } = decodeCursor(args.after);
    where.AND = [{ OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] }];
  }
  const rows = await ctx.db.document.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: first + 1,
  });
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
    pageInfo: {
      hasNextPage: rows.length > first,
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

import type { ViewerOf } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { ValidationError } from '../errors.js';
import { acknowledgeDocuments, MAX_BATCH, removeFromQueue, setDocumentStatus } from '../documents/service.js';

/** The accounting side of a document: a company's own accounting program, or an office serving the company. */
type AccountingProgram = ViewerOf<'program' | 'office'>;

/**
 * The company each document belongs to. The gate has checked that the office serves every one of
 * them; what happens next is exactly what the company's own accounting program would do.
 */
async function companiesOf(ctx: Context, documentIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await ctx.db.document.findMany({
    where: { id: { in: [...documentIds] } },
    select: { id: true, companyId: true },
  });
  const companyOf = new Map(rows.map((row) => [row.id, row.companyId]));
  const byCompany = new Map<string, string[]>();
  for (const id of documentIds) {
    const companyId = companyOf.get(id)!;
    byCompany.set(companyId, [...(byCompany.get(companyId) ?? []), id]);
  }
  return byCompany;
}

/** An office acknowledges documents of several clients at once: each company's batch as that company's own. */
export async function acknowledgeAs(ctx: Context, viewer: AccountingProgram, documentIds: string[]) {
  if (viewer.kind === 'program') return acknowledgeDocuments(ctx, viewer, documentIds);
  if (documentIds.length > MAX_BATCH) throw new ValidationError('ids', (m) => m.validation.tooManyIds(MAX_BATCH));
  for (const [companyId, ids] of await companiesOf(ctx, documentIds)) {
    await acknowledgeDocuments(ctx, { companyId }, ids);
  }
}

/** The company whose accounting side acts: the program's own, or, for an office, the document's (the gate checked it is served). */
async function companyActedFor(ctx: Context, viewer: AccountingProgram, documentId: string) {
  if (viewer.kind === 'program') return viewer.companyId;
  const { companyId } = await ctx.db.document.findUniqueOrThrow({
    where: { id: documentId },
    select: { companyId: true },
  });
  return companyId;
}

export async function setDocumentStatusAs(
  ctx: Context,
  viewer: AccountingProgram,
  documentId: string,
  status: 'IMPORTED' | 'REJECTED',
  reason: string | null | undefined,
) {
  const companyId = await companyActedFor(ctx, viewer, documentId);
  return setDocumentStatus(ctx, { companyId }, documentId, status, reason);
}

export async function removeFromQueueAs(ctx: Context, viewer: AccountingProgram, documentId: string) {
  return removeFromQueue(ctx, { companyId: await companyActedFor(ctx, viewer, documentId) }, documentId);
}

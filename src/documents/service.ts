import type { ViewerOf } from '../auth/viewer.js';
import type { Context } from '../context.js';
import {
  DocumentStateError,
  IdempotencyConflictError,
  KonektError,
  QuotaExceededError,
  RequestError,
  StorageExceededError,
  ValidationError,
} from '../errors.js';
import type { DocumentEventKind, DocumentState, DocumentStatus } from '../generated/prisma/enums.js';
import { Prisma } from '../generated/prisma/client.js';
import { monthStart } from '../companies/quota.js';
import { planInfo } from '../companies/plans.js';
import { documentFromJson, type DocumentJson } from './rows.js';
import { prepareDocument, type SendInput } from './intake.js';

type Program = ViewerOf<'program'>;
/** Whoever acts on a company's documents as its accounting side: the company's own program, or an office serving it. */
type AccountingSide = Pick<Program, 'companyId'>;

const timestamp = (date: Date) => date.toISOString();

export type SendOutcome = 'CREATED' | 'NEW_VERSION' | 'REPLAY' | 'DUPLICATE';

/**
 * Validates and stores one document, JSON or FA(3), with its event in a single statement (see the
 * migrations). Nothing is stored when it is refused.
 */
export async function sendDocument(ctx: Context, viewer: Program, idempotencyKey: string, input: SendInput) {
  try {
    const sent = await storeDocument(ctx, viewer, idempotencyKey, input);
    ctx.metrics.documentSent(SENT_RESULT[sent.outcome]);
    return sent;
  } catch (error) {
    ctx.metrics.documentSent(error instanceof KonektError ? 'refused' : 'failed');
    throw error;
  }
}

const SENT_RESULT = { CREATED: 'stored', NEW_VERSION: 'stored', REPLAY: 'replay', DUPLICATE: 'duplicate' } as const;

async function storeDocument(ctx: Context, viewer: Program, idempotencyKey: string, input: SendInput) {
  const key = idempotencyKey.trim();
  if (!key || key.length > 200) throw new ValidationError('idempotencyKey', (m) => m.validation.idempotencyKey(200));
  const { company } = viewer;
  const { content, contentHash, attachments, ksef } = prepareDocument(
    input,
    company,
    viewer.program,
    ctx.config.maxBodyBytes,
  );
  const now = ctx.now();
  const { monthlyDocumentLimit: limit, storageLimitBytes } = planInfo(company.plan);
  const [result] = await ctx.sql<{
    outcome: SendOutcome | 'CONFLICT' | 'QUOTA_EXCEEDED' | 'STORAGE_EXCEEDED';
    document_id: string | null;
    version: number | null;
    sequence: number | null;
    // int8: pg gives it as text, PGlite as a bigint.
    used: string | bigint | null;
    needed: string | bigint | null;
    document: DocumentJson | null;
  }>(Prisma.sql`SELECT * FROM konekt_send_document(
      ${viewer.companyId}::uuid, ${viewer.configurationId}::uuid, ${key}, ${contentHash}, ${content.number},
      ${content.type}::"DocumentType", ${content.issueDate}::date, ${content.buyer.name}, ${content.buyer.nip},
      ${content.totals.grossAmount}::numeric, ${content.currency}, ${JSON.stringify(content)}::jsonb,
      ${JSON.stringify(attachments)}::jsonb, ${limit}::int, ${timestamp(monthStart(now))}::timestamp,
      ${timestamp(now)}::timestamp, ${ksef?.xml ?? null}::text, ${ksef?.sha256 ?? null}::text,
      ${ksef?.ksefNumber ?? null}::text, ${ksef ? JSON.stringify(ksef.warnings) : null}::jsonb,
      ${storageLimitBytes}::bigint)`);
  if (!result) throw new Error('konekt_send_document returned no row');
  if (result.outcome === 'CONFLICT') throw new IdempotencyConflictError(key);
  const used = Number(result.used);
  if (result.outcome === 'QUOTA_EXCEEDED') throw new QuotaExceededError(limit, used, company.plan);
  if (result.outcome === 'STORAGE_EXCEEDED') {
    throw new StorageExceededError(storageLimitBytes, used, Number(result.needed), company.plan);
  }
  const document = documentFromJson(result.document!);
  if (result.sequence !== null) {
    ctx.feeds.appended({
      companyId: viewer.companyId,
      sequence: result.sequence,
      kind: result.outcome === 'CREATED' ? 'SENT' : 'NEW_VERSION',
      documentId: document.id,
      version: document.version,
      status: document.status,
      occurredAt: now,
      document,
      bytes: document.contentBytes,
    });
    ctx.events.documentEventsAppended(viewer.companyId, result.sequence);
  }
  return { outcome: result.outcome, document };
}

interface Change {
  kind: DocumentEventKind;
  from: { statuses: DocumentStatus[]; states: DocumentState[] };
  to: (current: { status: DocumentStatus; state: DocumentState }) => { status: DocumentStatus; state: DocumentState };
  reason?: string | null;
}

const ALL_STATUSES: DocumentStatus[] = ['SENT', 'RECEIVED', 'IMPORTED', 'REJECTED'];
export const MAX_BATCH = 1000;

const stateError = (document: { status: DocumentStatus; state: DocumentState }, kind: DocumentEventKind) =>
  new DocumentStateError(document.status, document.state, (m) =>
    m.errors.documentState(document.status, document.state, kind),
  );

/**
 * Applies a change to a document of the program's company. Returns whether anything changed; a
 * document already in the target state is left alone (retries are harmless).
 */
async function changeDocument(
  ctx: Context,
  companyId: string,
  documentId: string,
  change: Change,
  alreadyDone: (d: { status: DocumentStatus; state: DocumentState }) => boolean,
) {
  const document = await ctx.db.document.findFirst({
    where: { id: documentId, companyId },
    select: { status: true, state: true },
  });
  if (!document) throw new RequestError('NOT_FOUND', (m) => m.access.notFound.document);
  if (alreadyDone(document)) return false;
  if (!change.from.statuses.includes(document.status) || !change.from.states.includes(document.state)) {
    throw stateError(document, change.kind);
  }
  const target = change.to(document);
  const [row] = await ctx.db.$queryRaw<{ sequence: number | null }[]>`SELECT konekt_change_document(
      ${companyId}::uuid, ${documentId}::uuid, ${change.kind}::"DocumentEventKind",
      ${change.from.statuses}::"DocumentStatus"[], ${change.from.states}::"DocumentState"[],
      ${target.status}::"DocumentStatus", ${target.state}::"DocumentState", ${change.reason ?? null}, ${timestamp(ctx.now())}::timestamp
    ) AS sequence`;
  if (row?.sequence === null || row?.sequence === undefined) {
    // Someone changed it between our read and the locked update: report what it is now.
    const now = await ctx.db.document.findUniqueOrThrow({
      where: { id: documentId },
      select: { status: true, state: true },
    });
    if (alreadyDone(now)) return false;
    throw stateError(now, change.kind);
  }
  ctx.events.documentEventsAppended(companyId, row.sequence);
  return true;
}

export async function cancelDocument(ctx: Context, viewer: Program, documentId: string) {
  await changeDocument(
    ctx,
    viewer.companyId,
    documentId,
    {
      kind: 'CANCELLED',
      from: { statuses: ALL_STATUSES, states: ['CURRENT'] },
      to: (d) => ({ status: d.status, state: 'CANCELLED' }),
    },
    (d) => d.state === 'CANCELLED',
  );
}

export async function deleteDocument(ctx: Context, viewer: Program, documentId: string) {
  await changeDocument(
    ctx,
    viewer.companyId,
    documentId,
    {
      kind: 'DELETED',
      from: { statuses: ALL_STATUSES, states: ['CURRENT', 'CANCELLED'] },
      to: (d) => ({ status: d.status, state: 'DELETED' }),
    },
    (d) => d.state === 'DELETED',
  );
}

/**
 * "Odebrany przez program księgowy": every SENT document of the batch becomes RECEIVED, others are
 * left as they are. All or nothing: one statement (see the migration) changes the whole batch or,
 * when anything fails, none of it.
 */
export async function acknowledgeDocuments(ctx: Context, viewer: AccountingSide, documentIds: string[]) {
  if (documentIds.length > MAX_BATCH) throw new ValidationError('ids', (m) => m.validation.tooManyIds(MAX_BATCH));
  if (documentIds.length === 0) return;
  const [row] = await ctx.db.$queryRaw<{ missing: number; last_sequence: number | null }[]>`
    SELECT * FROM konekt_acknowledge_documents(${viewer.companyId}::uuid, ${documentIds}::uuid[], ${timestamp(ctx.now())}::timestamp)`;
  // The gate found every one of them; this is only reachable if that changed since.
  if (row?.missing) throw new RequestError('NOT_FOUND', (m) => m.access.notFound.document);
  if (row?.last_sequence) ctx.events.documentEventsAppended(viewer.companyId, row.last_sequence);
}

export async function setDocumentStatus(
  ctx: Context,
  viewer: AccountingSide,
  documentId: string,
  status: 'IMPORTED' | 'REJECTED',
  reason: string | null | undefined,
) {
  const why = reason?.trim() || null;
  if (status === 'REJECTED' && !why) throw new ValidationError('reason', (m) => m.validation.rejectionNeedsReason);
  if (why && why.length > 1000) throw new ValidationError('reason', (m) => m.validation.reasonTooLong(1000));
  await changeDocument(
    ctx,
    viewer.companyId,
    documentId,
    {
      kind: 'STATUS_CHANGED',
      from: { statuses: ['SENT', 'RECEIVED'], states: ['CURRENT'] },
      to: (d) => ({ status, state: d.state }),
      reason: why,
    },
    (d) => d.status === status,
  );
}

/** The accounting side drops a cancelled or deleted document from its import queue. */
export async function removeFromQueue(ctx: Context, viewer: AccountingSide, documentId: string) {
  const document = await ctx.db.document.findFirst({ where: { id: documentId, companyId: viewer.companyId } });
  if (!document) throw new RequestError('NOT_FOUND', (m) => m.access.notFound.document);
  if (document.state === 'CURRENT') {
    throw new DocumentStateError(document.status, document.state, (m) => m.errors.removeOnlyCancelled);
  }
  return ctx.db.document.update({
    where: { id: documentId },
    data: { removedFromQueueAt: document.removedFromQueueAt ?? ctx.now() },
  });
}

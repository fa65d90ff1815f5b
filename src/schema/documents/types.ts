import { builder } from '../../builder.js';
import { DocumentEventKind, DocumentState, DocumentStatus, DocumentType } from '../../generated/prisma/enums.js';
import { eventCursor } from '../../documents/events.js';
import type { EventWithDocument } from '../../documents/rows.js';
import { VAT_RATES, type DocumentContent } from '../../documents/validation.js';

export const DocumentTypeEnum = builder.enumType(DocumentType, {
  name: 'DocumentType',
  description: 'WAREHOUSE_RELEASE (WZ) and WAREHOUSE_RECEIPT (PZ) may be sent only by HANDEL_MAGAZYN.',
});
export const DocumentStatusEnum = builder.enumType(DocumentStatus, {
  name: 'DocumentStatus',
  description:
    'SENT (wysłany), RECEIVED (odebrany przez program księgowy), IMPORTED (zaksięgowany), REJECTED (odrzucony).',
});
export const DocumentStateEnum = builder.enumType(DocumentState, {
  name: 'DocumentState',
  description: 'CURRENT, or CANCELLED / DELETED in the sales program.',
});
export const DocumentEventKindEnum = builder.enumType(DocumentEventKind, { name: 'DocumentEventKind' });
export const VatRateEnum = builder.enumType('VatRate', {
  description: 'VAT_23, VAT_8, VAT_5, VAT_0; ZW (exempt), NP (not subject), OO (reverse charge) carry no VAT.',
  values: Object.keys(VAT_RATES) as (keyof typeof VAT_RATES)[],
});

const PartyRef = builder.objectRef<DocumentContent['seller']>('Party').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    nip: t.exposeString('nip', { nullable: true }),
    address: t.exposeString('address', { nullable: true }),
  }),
});

const LineRef = builder.objectRef<DocumentContent['lines'][number]>('DocumentLine').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    quantity: t.expose('quantity', { type: 'Decimal' }),
    unit: t.exposeString('unit', { nullable: true }),
    unitNetPrice: t.expose('unitNetPrice', { type: 'Decimal' }),
    vatRate: t.expose('vatRate', { type: VatRateEnum }),
    netAmount: t.expose('netAmount', { type: 'Decimal' }),
    vatAmount: t.expose('vatAmount', { type: 'Decimal' }),
    grossAmount: t.expose('grossAmount', { type: 'Decimal' }),
  }),
});

const TotalsRef = builder.objectRef<DocumentContent['totals']>('Totals').implement({
  fields: (t) => ({
    netAmount: t.expose('netAmount', { type: 'Decimal' }),
    vatAmount: t.expose('vatAmount', { type: 'Decimal' }),
    grossAmount: t.expose('grossAmount', { type: 'Decimal' }),
  }),
});

const PaymentRef = builder.objectRef<NonNullable<DocumentContent['payment']>>('Payment').implement({
  fields: (t) => ({
    method: t.exposeString('method', { nullable: true }),
    dueDate: t.expose('dueDate', { type: 'Date', nullable: true }),
  }),
});

type AttachmentInfo = DocumentContent['attachments'][number] & { documentId: string; version: number };

const AttachmentRef = builder.objectRef<AttachmentInfo>('Attachment').implement({
  fields: (t) => ({
    fileName: t.exposeString('fileName'),
    contentType: t.exposeString('contentType'),
    size: t.exposeInt('size'),
    sha256: t.exposeString('sha256'),
    contentBase64: t.string({
      description: 'The file itself; ask for it only when you need it.',
      resolve: async (a, _args, ctx) => {
        const stored = await ctx.db.attachment.findFirstOrThrow({
          where: { documentId: a.documentId, version: a.version, sha256: a.sha256 },
          select: { content: true },
        });
        return Buffer.from(stored.content).toString('base64');
      },
    }),
  }),
});

// Documents are loaded whole (every column), so these fields read the row and never query again.
const content = (document: { content: unknown }) => document.content as DocumentContent;

export const DocumentRef = builder.prismaNode('Document', {
  id: { field: 'id' },
  fields: (t) => ({
    number: t.exposeString('number'),
    type: t.expose('type', { type: DocumentTypeEnum }),
    version: t.exposeInt('version', {
      description: 'Starts at 1; each modified version sent under the same number adds one.',
    }),
    status: t.expose('status', { type: DocumentStatusEnum }),
    state: t.expose('state', { type: DocumentStateEnum }),
    statusReason: t.exposeString('statusReason', { nullable: true }),
    removedFromQueue: t.boolean({ resolve: (d) => d.removedFromQueueAt !== null }),
    issueDate: t.field({ type: 'Date', resolve: (d) => content(d).issueDate }),
    saleDate: t.field({ type: 'Date', nullable: true, resolve: (d) => content(d).saleDate }),
    currency: t.exposeString('currency'),
    correctedNumber: t.string({ nullable: true, resolve: (d) => content(d).correctedNumber }),
    seller: t.field({ type: PartyRef, resolve: (d) => content(d).seller }),
    buyer: t.field({ type: PartyRef, resolve: (d) => content(d).buyer }),
    lines: t.field({ type: [LineRef], resolve: (d) => content(d).lines }),
    totals: t.field({ type: TotalsRef, resolve: (d) => content(d).totals }),
    payment: t.field({ type: PaymentRef, nullable: true, resolve: (d) => content(d).payment }),
    notes: t.string({ nullable: true, resolve: (d) => content(d).notes }),
    attachments: t.field({
      type: [AttachmentRef],
      resolve: (d) => content(d).attachments.map((a) => ({ ...a, documentId: d.id, version: d.version })),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const DocumentEventRef = builder.objectRef<EventWithDocument>('DocumentEvent').implement({
  description:
    'One change on the exchange. `sequence` grows by one per company with no gaps; pass `cursor` to resume after it.',
  fields: (t) => ({
    cursor: t.string({ resolve: (e) => eventCursor(e.sequence) }),
    sequence: t.exposeInt('sequence'),
    kind: t.expose('kind', { type: DocumentEventKindEnum }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    version: t.exposeInt('version', { description: 'The document version this event is about.' }),
    status: t.expose('status', { type: DocumentStatusEnum, description: 'The document status this event set.' }),
    document: t.field({
      type: DocumentRef,
      description:
        'The document as this event left it: the content of its `version`, with the current status and state.',
      resolve: (e) => e.document,
    }),
  }),
});

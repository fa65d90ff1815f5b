import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../builder.js';
import { DocumentEventKind, DocumentState, DocumentStatus, DocumentType } from '../../generated/prisma/enums.js';
import { eventCursor } from '../../documents/events.js';
import type { EventWithDocument } from '../../documents/rows.js';
import { documentAsFa3, originalXml } from '../../documents/ksef-xml.js';
import { VAT_RATES, type DocumentContent, type RateTotal } from '../../documents/validation.js';
import { messages } from '../../i18n/index.js';
import { describeWarning, verificationUrl, type KsefWarning } from '../../ksef/index.js';
import { asksBeyond } from '../selection.js';

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
  description:
    'VAT_23, VAT_8, VAT_5, VAT_0; ZW (exempt), NP (not subject), OO (reverse charge) carry no VAT. FA(3) invoices also state VAT_22, VAT_7, VAT_4, VAT_3, VAT_0_WDT (intra-EU supply), VAT_0_EX (export), NP_I and NP_II.',
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
    unitGrossPrice: t.expose('unitGrossPrice', {
      type: 'Decimal',
      nullable: true,
      description: 'P_9B: the unit price with VAT, when an FA(3) invoice states it.',
    }),
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
    paidDate: t.expose('paidDate', { type: 'Date', nullable: true, description: 'DataZaplaty of an FA(3) invoice.' }),
  }),
});

const RateTotalRef = builder.objectRef<RateTotal>('RateTotal').implement({
  description: 'One total group of an FA(3) invoice: P_13_x (net), P_14_x (VAT), P_14_xW (VAT in PLN).',
  fields: (t) => ({
    group: t.exposeString('group', { description: 'The net field that names the group, e.g. "P_13_1".' }),
    vatRate: t.expose('vatRate', {
      type: VatRateEnum,
      nullable: true,
      description: 'Null for OSS (other states’ rates) and the margin procedure.',
    }),
    netAmount: t.expose('netAmount', { type: 'Decimal' }),
    vatAmount: t.expose('vatAmount', { type: 'Decimal', nullable: true }),
    vatAmountPln: t.expose('vatAmountPln', { type: 'Decimal', nullable: true }),
  }),
});

const CorrectedInvoiceRef = builder
  .objectRef<{ number: string; issueDate: string | null; ksefNumber: string | null }>('CorrectedInvoice')
  .implement({
    fields: (t) => ({
      number: t.exposeString('number'),
      issueDate: t.expose('issueDate', {
        type: 'Date',
        nullable: true,
        description: 'Null when the sender did not say.',
      }),
      ksefNumber: t.exposeString('ksefNumber', { nullable: true }),
    }),
  });

const DocumentWarningRef = builder.objectRef<KsefWarning>('DocumentWarning').implement({
  description:
    'Something in an FA(3) invoice that does not add up. The invoice was issued in KSeF and is kept as it is; both sides see its warnings.',
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'KSEF_LINES_NET_MISMATCH, KSEF_LINES_GROSS_MISMATCH, KSEF_VAT_MISMATCH, KSEF_VAT_PLN_MISSING, KSEF_VAT_PLN_MISMATCH or KSEF_TOTAL_MISMATCH.',
    }),
    message: t.string({ resolve: (warning, _args, ctx) => describeWarning(messages(ctx.lang), warning) }),
    field: t.exposeString('field', { description: 'The FA(3) element it is about, e.g. "P_14_1".' }),
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

// Documents are loaded with their content whenever a field outside COLUMN_FIELDS is asked for, so
// these fields read the row and never query again.
const content = (document: { content: unknown }) => document.content as DocumentContent;

/**
 * The fields of a Document that read its columns only; asking for any other one loads its content.
 * They may read only what documentColumns reads without the content.
 */
const COLUMN_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  'id',
  'number',
  'type',
  'version',
  'status',
  'state',
  'statusReason',
  'removedFromQueue',
  'currency',
  'warnings',
  'ksefNumber',
  'createdAt',
  'updatedAt',
]);

/**
 * Whether the answer asks, in the documents under the fields named `documents` below this one, for
 * a field that needs their content: the one rule every read of documents and events goes by.
 */
export const asksForContent = (info: GraphQLResolveInfo, documents = 'document') =>
  asksBeyond(info, documents, COLUMN_FIELDS);

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
    correctedInvoices: t.field({
      type: [CorrectedInvoiceRef],
      description: 'What a correction corrects: every DaneFaKorygowanej of an FA(3) invoice, or `correctedNumber`.',
      resolve: (d) => {
        const { correctedInvoices, correctedNumber } = content(d);
        if (correctedInvoices) return correctedInvoices;
        return correctedNumber ? [{ number: correctedNumber, issueDate: null, ksefNumber: null }] : [];
      },
    }),
    linesBefore: t.field({
      type: [LineRef],
      description: 'The rows of an FA(3) correction marked StanPrzed: the state before it.',
      resolve: (d) => content(d).linesBefore ?? [],
    }),
    totalsByRate: t.field({
      type: [RateTotalRef],
      description:
        'The totals per rate an FA(3) invoice states; empty for a JSON document, whose totals are its lines.',
      resolve: (d) => content(d).totalsByRate ?? [],
    }),
    splitPayment: t.boolean({
      nullable: true,
      description: 'P_18A of an FA(3) invoice (mechanizm podzielonej płatności); null for a JSON document.',
      resolve: (d) => content(d).splitPayment ?? null,
    }),
    reverseCharge: t.boolean({
      nullable: true,
      description: 'P_18 of an FA(3) invoice (odwrotne obciążenie); null for a JSON document.',
      resolve: (d) => content(d).reverseCharge ?? null,
    }),
    warnings: t.field({
      type: [DocumentWarningRef],
      description: 'What does not add up in an FA(3) invoice (never a reason to refuse it); empty for JSON documents.',
      resolve: (d) => (d.warnings ?? []) as unknown as KsefWarning[],
    }),
    ksefNumber: t.exposeString('ksefNumber', {
      nullable: true,
      description: 'The number KSeF assigned to the FA(3) invoice, when the sender gave it.',
    }),
    ksefXml: t.string({
      nullable: true,
      description:
        'The FA(3) invoice exactly as it was sent (this version); null for a document sent as JSON. Read only when asked for.',
      resolve: (d, _args, ctx) => originalXml(ctx.db, d),
    }),
    verificationUrl: t.string({
      nullable: true,
      description:
        'The KSeF verification link (KOD I) of an FA(3) invoice: {host}/invoice/{seller NIP}/{P_1 as DD-MM-YYYY}/{SHA-256 of the XML, Base64URL}. Null for a JSON document.',
      resolve: (d, _args, ctx) => {
        const { seller, issueDate } = content(d);
        if (!d.ksefSha256 || !seller.nip) return null;
        return verificationUrl({ sellerNip: seller.nip, issueDate, sha256: d.ksefSha256 }, ctx.config.ksefQrHost);
      },
    }),
    asKsefXml: t.string({
      description:
        'Any document as an FA(3) invoice valid against the official schema, so one FA(3) importer takes everything: the original of an FA(3) invoice, else an export (for import, not an invoice issued in KSeF). Made only when asked for.',
      resolve: (d, _args, ctx) => documentAsFa3(ctx.db, d),
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

import { builder } from '../../builder.js';
import { DocumentTypeEnum, VatRateEnum } from './types.js';

/** What a sales program sends: a document as JSON fields, or an FA(3) invoice as it is. */
const PartyInput = builder.inputType('PartyInput', {
  fields: (t) => ({
    name: t.string(),
    nip: t.string({
      required: false,
      description: "Required for the seller (the company's own NIP); optional for a consumer buyer.",
    }),
    address: t.string({ required: false }),
  }),
});

const DocumentLineInput = builder.inputType('DocumentLineInput', {
  fields: (t) => ({
    name: t.string(),
    quantity: t.field({ type: 'Decimal' }),
    unit: t.string({ required: false }),
    unitNetPrice: t.field({ type: 'Decimal' }),
    vatRate: t.field({ type: VatRateEnum }),
    netAmount: t.field({
      type: 'Decimal',
      description: 'quantity × unitNetPrice, rounded half away from zero to the grosz',
    }),
    vatAmount: t.field({ type: 'Decimal', description: 'netAmount × rate, rounded half away from zero to the grosz' }),
    grossAmount: t.field({ type: 'Decimal', description: 'netAmount + vatAmount' }),
  }),
});

const TotalsInput = builder.inputType('TotalsInput', {
  description: 'The sums of the lines.',
  fields: (t) => ({
    netAmount: t.field({ type: 'Decimal' }),
    vatAmount: t.field({ type: 'Decimal' }),
    grossAmount: t.field({ type: 'Decimal' }),
  }),
});

const PaymentInput = builder.inputType('PaymentInput', {
  fields: (t) => ({ method: t.string({ required: false }), dueDate: t.field({ type: 'Date', required: false }) }),
});

const AttachmentInput = builder.inputType('AttachmentInput', {
  description:
    "At most 10 files of 5 MiB each, and together at most three quarters of the server's body limit less 1 MiB (6.75 MiB by default: base64 adds a third); their SHA-256 is kept.",
  fields: (t) => ({ fileName: t.string(), contentType: t.string(), contentBase64: t.string() }),
});

const DocumentInput = builder.inputType('DocumentInput', {
  fields: (t) => ({
    type: t.field({ type: DocumentTypeEnum }),
    number: t.string(),
    issueDate: t.field({ type: 'Date' }),
    saleDate: t.field({ type: 'Date', required: false }),
    currency: t.string({ required: false, description: 'ISO 4217; PLN when omitted.' }),
    correctedNumber: t.string({
      required: false,
      description: 'CORRECTION only: the number of the corrected document.',
    }),
    seller: t.field({ type: PartyInput }),
    buyer: t.field({ type: PartyInput }),
    lines: t.field({ type: [DocumentLineInput] }),
    totals: t.field({ type: TotalsInput }),
    payment: t.field({ type: PaymentInput, required: false }),
    attachments: t.field({ type: [AttachmentInput], required: false }),
    notes: t.string({ required: false }),
  }),
});

export const SendDocumentInput = builder.inputType('SendDocumentInput', {
  description:
    'One document: either `document` (JSON fields) or `ksefXml` (an FA(3) invoice as it is), exactly one of the two; a `ValidationError` names the field otherwise. Both kinds follow the same rules for keys, duplicates and versions.',
  fields: (t) => ({
    idempotencyKey: t.string({
      description: 'Chosen by the sender; a retry with the same key and content returns the original result.',
    }),
    document: t.field({
      type: DocumentInput,
      required: false,
      description: 'The document as JSON fields; its amounts must add up (TotalsMismatchError otherwise).',
    }),
    ksefXml: t.string({
      required: false,
      description:
        "An FA(3) invoice exactly as issued in KSeF (UTF-8; at most 1 MiB, 3 MiB with a Zalacznik), instead of `document`. It must be valid against the official FA(3) schema and its seller (Podmiot1) must be the company; no DOCTYPE or entity declarations. It is stored byte for byte and mapped to the structured document; arithmetic that does not add up never refuses it but shows in `Document.warnings`. Its content for duplicates and versions is the XML's bytes with `ksefNumber`.",
    }),
    ksefNumber: t.string({
      required: false,
      description:
        'With `ksefXml` only: the number KSeF assigned, e.g. "5265877635-20260215-0100A0B1C2D3-E4" (its form and CRC-8 checksum are checked). Sending the same XML later with its number makes a new version.',
    }),
  }),
});

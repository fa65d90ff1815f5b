import { createHash } from 'node:crypto';
import {
  DocumentTypeNotAllowedError,
  InvalidNipError,
  NipMismatchError,
  TotalsMismatchError,
  ValidationError,
} from '../errors.js';
import type { DocumentType, ProgramKind } from '../generated/prisma/enums.js';
import { isValidNip, normaliseNip } from '../companies/nip.js';
import { attachmentBytesPerDocument } from './limits.js';
import { formatGrosze, multiply, parseDecimal, roundTo } from './money.js';

export const VAT_RATES = {
  VAT_23: 23n,
  VAT_8: 8n,
  VAT_5: 5n,
  VAT_0: 0n,
  ZW: 0n,
  NP: 0n,
  OO: 0n,
  // The other rates an FA(3) invoice states (P_12): 22% and 7% (before 2011), 4% and 3% (flat rate
  // for taxis), 0% for an intra-EU supply (WDT) and for export, and the two kinds of "not subject".
  VAT_22: 22n,
  VAT_7: 7n,
  VAT_4: 4n,
  VAT_3: 3n,
  VAT_0_WDT: 0n,
  VAT_0_EX: 0n,
  NP_I: 0n,
  NP_II: 0n,
} as const;
export type VatRate = keyof typeof VAT_RATES;

const WAREHOUSE_TYPES: readonly DocumentType[] = ['WAREHOUSE_RELEASE', 'WAREHOUSE_RECEIPT'];
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
export const MAX_LINES = 1000;

interface PartyInput {
  name: string;
  nip?: string | null;
  address?: string | null;
}

export interface DocumentInputShape {
  type: DocumentType;
  number: string;
  issueDate: string;
  saleDate?: string | null;
  currency?: string | null;
  correctedNumber?: string | null;
  seller: PartyInput;
  buyer: PartyInput;
  lines: {
    name: string;
    quantity: string;
    unit?: string | null;
    unitNetPrice: string;
    vatRate: VatRate;
    netAmount: string;
    vatAmount: string;
    grossAmount: string;
  }[];
  totals: { netAmount: string; vatAmount: string; grossAmount: string };
  payment?: { method?: string | null; dueDate?: string | null } | null;
  attachments?: { fileName: string; contentType: string; contentBase64: string }[] | null;
  notes?: string | null;
}

export type DocumentLine = DocumentInputShape['lines'][number] & {
  /** P_9B: the unit price with VAT, when an FA(3) invoice states it. */
  unitGrossPrice?: string;
};

/** One FA(3) total group: P_13_x (net), P_14_x (VAT) and P_14_xW (VAT in PLN for a foreign currency). */
export interface RateTotal {
  /** The net field that names the group, e.g. "P_13_1" (23% or 22%), "P_13_7" (exempt), "P_13_11" (margin). */
  group: string;
  /** The rate of the group; null for OSS (P_13_5, other states' rates) and the margin procedure (P_13_11). */
  vatRate: VatRate | null;
  netAmount: string;
  vatAmount: string | null;
  vatAmountPln: string | null;
}

/**
 * The stored form of a document: every optional field present, attachments by their hash. The
 * fields marked optional are filled only from an FA(3) invoice, so a JSON document's form is unchanged.
 */
export interface DocumentContent {
  type: DocumentType;
  number: string;
  issueDate: string;
  saleDate: string | null;
  currency: string;
  correctedNumber: string | null;
  seller: { name: string; nip: string | null; address: string | null };
  buyer: { name: string; nip: string | null; address: string | null };
  lines: DocumentLine[];
  totals: DocumentInputShape['totals'];
  payment: { method: string | null; dueDate: string | null; paidDate?: string | null } | null;
  attachments: { fileName: string; contentType: string; size: number; sha256: string }[];
  notes: string | null;
  /** DaneFaKorygowanej: every invoice a correction corrects (correctedNumber is the first). */
  correctedInvoices?: { number: string; issueDate: string; ksefNumber: string | null }[];
  /** The rows of a correction marked StanPrzed: the state before it. */
  linesBefore?: DocumentLine[];
  totalsByRate?: RateTotal[];
  /** P_18A: mechanizm podzielonej płatności. */
  splitPayment?: boolean;
  /** P_18: odwrotne obciążenie. */
  reverseCharge?: boolean;
}

export interface ValidatedDocument {
  content: DocumentContent;
  contentHash: string;
  attachments: { fileName: string; contentType: string; size: number; sha256: string; contentBase64: string }[];
}

function text(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (!trimmed) throw new ValidationError(field, (m) => m.validation.notEmpty(field));
  if (trimmed.length > max) throw new ValidationError(field, (m) => m.validation.tooLong(field, max));
  return trimmed;
}

const optionalText = (field: string, value: string | null | undefined, max: number) =>
  value === null || value === undefined || value.trim() === '' ? null : text(field, value, max);

function party(field: string, input: PartyInput) {
  let nip: string | null = null;
  if (input.nip !== null && input.nip !== undefined && input.nip.trim() !== '') {
    const normalised = normaliseNip(input.nip);
    if (!normalised || !isValidNip(normalised)) throw new InvalidNipError(input.nip);
    nip = normalised;
  }
  return {
    name: text(`${field}.name`, input.name, 300),
    nip,
    address: optionalText(`${field}.address`, input.address, 500),
  };
}

/** Amounts carry at most two decimals: they are money in grosze. */
function grosze(field: string, value: string): bigint {
  const parsed = parseDecimal(value);
  if (parsed.scale > 2) throw new ValidationError(field, (m) => m.validation.twoDecimals(field));
  return roundTo(parsed, 2);
}

function expectAmount(field: string, actual: bigint, expected: bigint) {
  if (actual !== expected) throw new TotalsMismatchError(field, formatGrosze(expected), formatGrosze(actual));
}

/**
 * Checks a document as the service's rules require and returns its stored form. Line net =
 * quantity × unit net price, line VAT = net × rate, each rounded half away from zero to the grosz;
 * gross = net + VAT; totals are the sums of the lines. Attachments together must fit in a request
 * of `maxBodyBytes` (limits.ts).
 */
export function validateDocument(
  input: DocumentInputShape,
  company: { nip: string },
  program: ProgramKind,
  maxBodyBytes: number,
): ValidatedDocument {
  if (WAREHOUSE_TYPES.includes(input.type) && program !== 'HANDEL_MAGAZYN') {
    throw new DocumentTypeNotAllowedError(input.type, program);
  }
  const number = text('number', input.number, 100);
  const correctedNumber = optionalText('correctedNumber', input.correctedNumber, 100);
  if (input.type === 'CORRECTION' && !correctedNumber) {
    throw new ValidationError('correctedNumber', (m) => m.validation.correctionNeedsNumber);
  }
  if (input.type !== 'CORRECTION' && correctedNumber) {
    throw new ValidationError('correctedNumber', (m) => m.validation.onlyCorrectionHasNumber);
  }
  const currency = (input.currency ?? 'PLN').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new ValidationError('currency', (m) => m.validation.currency);

  const seller = party('seller', input.seller);
  if (!seller.nip) throw new ValidationError('seller.nip', (m) => m.validation.issuerNipRequired);
  if (seller.nip !== company.nip) {
    const issuer = seller.nip;
    throw new NipMismatchError(company.nip, (m) => m.errors.nipMismatchIssuer(issuer, company.nip));
  }
  const buyer = party('buyer', input.buyer);

  if (input.lines.length === 0) throw new ValidationError('lines', (m) => m.validation.noLines);
  if (input.lines.length > MAX_LINES) throw new ValidationError('lines', (m) => m.validation.tooManyLines(MAX_LINES));
  const sums = { net: 0n, vat: 0n, gross: 0n };
  const lines = input.lines.map((line, i) => {
    const at = `lines[${i}]`;
    const net = grosze(`${at}.netAmount`, line.netAmount);
    const vat = grosze(`${at}.vatAmount`, line.vatAmount);
    const gross = grosze(`${at}.grossAmount`, line.grossAmount);
    expectAmount(
      `${at}.netAmount`,
      net,
      roundTo(multiply(parseDecimal(line.quantity), parseDecimal(line.unitNetPrice)), 2),
    );
    expectAmount(
      `${at}.vatAmount`,
      vat,
      roundTo(multiply({ units: net, scale: 2 }, { units: VAT_RATES[line.vatRate], scale: 2 }), 2),
    );
    expectAmount(`${at}.grossAmount`, gross, net + vat);
    sums.net += net;
    sums.vat += vat;
    sums.gross += gross;
    return {
      name: text(`${at}.name`, line.name, 500),
      quantity: line.quantity,
      unit: optionalText(`${at}.unit`, line.unit, 20),
      unitNetPrice: line.unitNetPrice,
      vatRate: line.vatRate,
      netAmount: formatGrosze(net),
      vatAmount: formatGrosze(vat),
      grossAmount: formatGrosze(gross),
    };
  });
  expectAmount('totals.netAmount', grosze('totals.netAmount', input.totals.netAmount), sums.net);
  expectAmount('totals.vatAmount', grosze('totals.vatAmount', input.totals.vatAmount), sums.vat);
  expectAmount('totals.grossAmount', grosze('totals.grossAmount', input.totals.grossAmount), sums.gross);

  const attachmentsIn = input.attachments ?? [];
  if (attachmentsIn.length > MAX_ATTACHMENTS)
    throw new ValidationError('attachments', (m) => m.validation.tooManyAttachments(MAX_ATTACHMENTS));
  const attachments = attachmentsIn.map((attachment, i) => {
    const at = `attachments[${i}]`;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(attachment.contentBase64) || attachment.contentBase64.length % 4 !== 0) {
      throw new ValidationError(`${at}.contentBase64`, (m) => m.validation.notBase64);
    }
    const bytes = Buffer.from(attachment.contentBase64, 'base64');
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new ValidationError(`${at}.contentBase64`, (m) => m.validation.attachmentTooLarge(MAX_ATTACHMENT_BYTES));
    }
    return {
      fileName: text(`${at}.fileName`, attachment.fileName, 255),
      contentType: text(`${at}.contentType`, attachment.contentType, 100),
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentBase64: attachment.contentBase64,
    };
  });
  const attachmentBytes = attachments.reduce((sum, attachment) => sum + attachment.size, 0);
  const allowed = attachmentBytesPerDocument(maxBodyBytes);
  if (attachmentBytes > allowed) {
    throw new ValidationError('attachments', (m) => m.validation.attachmentsTooLarge(allowed, maxBodyBytes));
  }

  const content: DocumentContent = {
    type: input.type,
    number,
    issueDate: input.issueDate,
    saleDate: input.saleDate ?? null,
    currency,
    correctedNumber,
    seller,
    buyer,
    lines,
    totals: {
      netAmount: formatGrosze(sums.net),
      vatAmount: formatGrosze(sums.vat),
      grossAmount: formatGrosze(sums.gross),
    },
    payment: input.payment
      ? { method: optionalText('payment.method', input.payment.method, 100), dueDate: input.payment.dueDate ?? null }
      : null,
    attachments: attachments.map(({ contentBase64: _omitted, ...meta }) => meta),
    notes: optionalText('notes', input.notes, 2000),
  };
  // Key order is fixed by the literal above, so equal documents hash equally.
  const contentHash = createHash('sha256').update(JSON.stringify(content)).digest('hex');
  return { content, contentHash, attachments };
}

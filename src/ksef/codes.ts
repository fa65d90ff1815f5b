import type { DocumentType } from '../generated/prisma/enums.js';

export const FA3_NAMESPACE = 'http://crd.gov.pl/wzor/2025/06/25/13775/';
export const FA2_NAMESPACE = 'http://crd.gov.pl/wzor/2023/06/29/12648/';

/** RodzajFaktury and the document type it maps to, one to one. */
export const TYPE_OF_KIND: Readonly<Record<string, DocumentType>> = {
  VAT: 'INVOICE',
  KOR: 'CORRECTION',
  ZAL: 'ADVANCE_INVOICE',
  ROZ: 'SETTLEMENT_INVOICE',
  UPR: 'SIMPLIFIED_INVOICE',
  KOR_ZAL: 'ADVANCE_CORRECTION',
  KOR_ROZ: 'SETTLEMENT_CORRECTION',
};

/**
 * The RodzajFaktury a document is exported as. FA(3) knows invoices only: a pro forma, a receipt
 * and the warehouse documents are written as VAT, and their own type is named in DodatkowyOpis
 * under DOCUMENT_TYPE_KEY so an importer can tell them from invoices.
 */
export const KIND_OF_TYPE: Readonly<Record<DocumentType, string>> = {
  ...(Object.fromEntries(Object.entries(TYPE_OF_KIND).map(([kind, type]) => [type, kind])) as Record<
    DocumentType,
    string
  >),
  PROFORMA: 'VAT',
  RECEIPT: 'VAT',
  WAREHOUSE_RELEASE: 'VAT',
  WAREHOUSE_RECEIPT: 'VAT',
};

export const DOCUMENT_TYPE_KEY = 'KonektDocumentType';

/** FormaPlatnosci codes and the words a sales program writes for them. */
export const PAYMENT_FORMS: Readonly<Record<string, string>> = {
  '1': 'gotówka',
  '2': 'karta',
  '3': 'bon',
  '4': 'czek',
  '5': 'kredyt',
  '6': 'przelew',
  '7': 'mobilna',
};

const SYNONYMS: Readonly<Record<string, string>> = { cash: '1', card: '2', cheque: '4', transfer: '6' };

const plain = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/ł/g, 'l').trim();

/** The FormaPlatnosci code of a payment method in words, when it is one of the seven. */
export function paymentFormCode(method: string): string | undefined {
  const word = plain(method);
  return Object.keys(PAYMENT_FORMS).find((code) => plain(PAYMENT_FORMS[code]!) === word) ?? SYNONYMS[word];
}

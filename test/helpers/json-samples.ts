import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sampleInvoice } from '../../packages/client/src/sample.js';
import { VAT_RATES, type DocumentInputShape, type VatRate } from '../../src/documents/validation.js';
import { invoice } from './documents.js';

function line(name: string, quantity: string, unitNetPrice: string, vatRate: VatRate) {
  const net = Math.round(Number(quantity) * Number(unitNetPrice) * 100);
  const vat = Math.sign(net) * Math.round((Math.abs(net) * Number(VAT_RATES[vatRate])) / 100);
  const money = (grosze: number) => (grosze / 100).toFixed(2);
  return {
    name,
    quantity,
    unitNetPrice,
    vatRate,
    netAmount: money(net),
    vatAmount: money(vat),
    grossAmount: money(net + vat),
  };
}

/** The sample invoice of `nip` with the overrides, its totals the sums of its lines. */
export function jsonDocument(nip: string, overrides: Partial<DocumentInputShape>): DocumentInputShape {
  const base = sampleInvoice(nip, 'DOC/1');
  const lines = overrides.lines ?? base.lines;
  const sum = (field: 'netAmount' | 'vatAmount' | 'grossAmount') =>
    (lines.reduce((total, l) => total + Math.round(Number(l[field]) * 100), 0) / 100).toFixed(2);
  return {
    ...base,
    ...overrides,
    lines,
    totals: { netAmount: sum('netAmount'), vatAmount: sum('vatAmount'), grossAmount: sum('grossAmount') },
  };
}

/** The document example of the README's "Exchanging documents" section. */
const readmeExample = (nip: string) => {
  const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const exchanging = readme.slice(readme.indexOf('## Exchanging documents'));
  const example = JSON.parse(/```json\n([\s\S]*?)\n```/.exec(exchanging)![1]!) as DocumentInputShape;
  return { ...example, seller: { ...example.seller, nip } };
};

const every = Object.keys(VAT_RATES) as VatRate[];

/**
 * Every JSON document shape the project sends or documents, and one of each type and rate, issued
 * by `nip` (the warehouse documents need HANDEL_MAGAZYN). The correction corrects the first sample.
 */
export function jsonSamples(nip: string): Record<string, DocumentInputShape> {
  const document = (overrides: Partial<DocumentInputShape>) => jsonDocument(nip, overrides);
  return {
    'packages/client/src/sample.ts': sampleInvoice(nip, 'FV/2026/11/001'),
    'README example': readmeExample(nip),
    "test helpers' invoice": invoice(nip),
    'rounding (documents.test.ts)': document({
      number: 'ROUND/1',
      lines: [line('a', '3', '0.333', 'VAT_23'), line('b', '1', '0.10', 'VAT_5')],
    }),
    'with an attachment': document({
      number: 'ATT/1',
      attachments: [{ fileName: 'faktura.pdf', contentType: 'application/pdf', contentBase64: 'JVBERi0xLjQ=' }],
    }),
    correction: document({
      type: 'CORRECTION',
      number: 'KOR/1',
      correctedNumber: 'FV/2026/11/001',
      lines: [line('Usługa (zwrot)', '-1', '100.00', 'VAT_23')],
    }),
    'advance invoice': document({ type: 'ADVANCE_INVOICE', number: 'ZAL/1' }),
    'pro forma': document({ type: 'PROFORMA', number: 'PRO/1' }),
    receipt: document({
      type: 'RECEIPT',
      number: 'PAR/1',
      buyer: { name: 'Klient detaliczny' },
      payment: { method: 'gotówka' },
    }),
    'warehouse release (WZ)': document({ type: 'WAREHOUSE_RELEASE', number: 'WZ/1', payment: null }),
    'warehouse receipt (PZ)': document({ type: 'WAREHOUSE_RECEIPT', number: 'PZ/1', payment: null }),
    'settlement invoice': document({ type: 'SETTLEMENT_INVOICE', number: 'ROZ/1' }),
    'every rate, in EUR, no seller address, notes, another payment method': document({
      number: 'EU/1',
      currency: 'EUR',
      seller: { name: 'Sprzedawca sp. z o.o.', nip },
      lines: every.map((rate, i) => line(`Pozycja ${rate}`, String(i + 1), '12.34', rate)),
      notes: 'Dziękujemy za zakupy',
      payment: { method: 'BLIK', dueDate: '2026-12-04' },
    }),
  };
}

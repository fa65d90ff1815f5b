import type { DocumentInput } from './generated/graphql.js';

/**
 * A valid invoice as a sales program sends it: 2 × 100.00 at 23% plus 1 × 10.00 at 8%, totals
 * 210.00 + 46.80 = 256.80 PLN. The seller's NIP must be the sending company's.
 */
export function sampleInvoice(sellerNip: string, number: string): DocumentInput {
  return {
    type: 'INVOICE',
    number,
    issueDate: '2026-11-20',
    saleDate: '2026-11-20',
    seller: { name: 'Sprzedawca sp. z o.o.', nip: sellerNip, address: 'ul. Prosta 1, 00-001 Warszawa' },
    buyer: { name: 'Kupiec S.A.', nip: '5260250274' },
    lines: [
      {
        name: 'Usługa',
        quantity: '2',
        unit: 'szt',
        unitNetPrice: '100.00',
        vatRate: 'VAT_23',
        netAmount: '200.00',
        vatAmount: '46.00',
        grossAmount: '246.00',
      },
      {
        name: 'Książka',
        quantity: '1',
        unitNetPrice: '10.00',
        vatRate: 'VAT_8',
        netAmount: '10.00',
        vatAmount: '0.80',
        grossAmount: '10.80',
      },
    ],
    totals: { netAmount: '210.00', vatAmount: '46.80', grossAmount: '256.80' },
    payment: { method: 'przelew', dueDate: '2026-12-04' },
  };
}

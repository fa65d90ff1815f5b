/** The demo company and the invoices `npm run demo` sends, their amounts computed as Konekt checks them. */
export const COMPANY = { name: 'Hurtownia Demo sp. z o.o.', nip: '5260001246' };

const grosze = (amount: number) => `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
const RATES = { VAT_23: 23, VAT_8: 8, VAT_5: 5, VAT_0: 0 } as const;

/** A document line with its amounts computed the way Konekt checks them (to the grosz, half away from zero). */
function line(name: string, quantity: number, unitNetGrosze: number, vatRate: keyof typeof RATES, unit = 'szt') {
  const net = quantity * unitNetGrosze;
  const vat = Math.floor((net * RATES[vatRate] + 50) / 100);
  return {
    name,
    quantity: String(quantity),
    unit,
    unitNetPrice: grosze(unitNetGrosze),
    vatRate,
    netAmount: grosze(net),
    vatAmount: grosze(vat),
    grossAmount: grosze(net + vat),
    cents: { net, vat },
  };
}

function invoice(
  number: string,
  buyer: { name: string; nip: string; address: string },
  lines: ReturnType<typeof line>[],
) {
  const net = lines.reduce((sum, l) => sum + l.cents.net, 0);
  const vat = lines.reduce((sum, l) => sum + l.cents.vat, 0);
  return {
    type: 'INVOICE',
    number,
    issueDate: '2026-11-20',
    saleDate: '2026-11-20',
    seller: { name: COMPANY.name, nip: COMPANY.nip, address: 'ul. Prosta 1, 00-001 Warszawa' },
    buyer,
    lines: lines.map(({ cents: _cents, ...rest }) => rest),
    totals: { netAmount: grosze(net), vatAmount: grosze(vat), grossAmount: grosze(net + vat) },
    payment: { method: 'przelew', dueDate: '2026-12-04' },
  };
}

export const SAMPLES = [
  invoice('FV/2026/11/001', { name: 'Kupiec S.A.', nip: '5260250274', address: 'ul. Długa 5, 31-001 Kraków' }, [
    line('Usługa doradcza', 2, 100_00, 'VAT_23', 'godz'),
    line('Książka', 1, 10_00, 'VAT_8'),
  ]),
  invoice('FV/2026/11/002', { name: 'Sklep Pod Lipą', nip: '7740001454', address: 'ul. Lipowa 3, 09-400 Płock' }, [
    line('Papier A4 (ryza)', 10, 18_99, 'VAT_23'),
  ]),
  invoice('FV/2026/11/003', { name: 'Piekarnia Kłos', nip: '1230000033', address: 'ul. Polna 12, 60-001 Poznań' }, [
    line('Mąka pszenna 25 kg', 4, 62_50, 'VAT_5'),
    line('Transport', 1, 45_00, 'VAT_23', 'usł'),
  ]),
  invoice('FV/2026/11/004', { name: 'Jan Kowalski', nip: '9540000072', address: 'ul. Ogrodowa 7, 40-001 Katowice' }, [
    line('Monitor 27"', 1, 899_00, 'VAT_23'),
  ]),
];

import { formatGrosze, multiply, parseDecimal, roundTo, type Scaled } from '../documents/money.js';
import {
  VAT_RATES,
  type DocumentContent,
  type DocumentLine,
  type RateTotal,
  type VatRate,
} from '../documents/validation.js';
import { formatAmount, grosze, percentOf, quotient, vatInGross } from './amounts.js';
import { PAYMENT_FORMS, TYPE_OF_KIND } from './codes.js';
import type { Fa3Invoice, Fa3Line } from './invoice.js';
import { RATE_GROUPS, RATE_OF_P12 } from './rates.js';

/** A line without P_12 (margin procedure, OSS, some simplified invoices) has no rate of its own. */
export const lineRate = (line: Fa3Line): VatRate => (line.rate ? RATE_OF_P12[line.rate]! : 'NP');

/** The percentage a line is taxed at: its P_12, or for OSS the other state's rate in P_12_XII. */
export const linePercent = (line: Fa3Line): Scaled =>
  line.ossRate ? parseDecimal(line.ossRate) : { units: VAT_RATES[lineRate(line)], scale: 0 };

/**
 * Fills the structured line from what FaWiersz states. FA(3) may leave out the net value (a gross
 * invoice gives P_11A), the line's VAT (P_11Vat is optional) or the quantity and unit price (a
 * lump sum); the missing amounts are derived: VAT from the rate (on the gross value, the VAT Act's
 * formula), net = gross − VAT, quantity 1, unit price = net / quantity.
 */
function mapLine(line: Fa3Line): DocumentLine {
  const percent = linePercent(line);
  const given = (value: string | null) => (value === null ? null : grosze(value));
  const quantity = line.quantity ?? '1';
  let net: bigint;
  let vat: bigint;
  let gross: bigint;
  if (line.net !== null) {
    net = grosze(line.net);
    vat = given(line.vat) ?? percentOf(net, percent);
    gross = given(line.gross) ?? net + vat;
  } else if (line.gross !== null) {
    gross = grosze(line.gross);
    vat = given(line.vat) ?? vatInGross(gross, percent);
    net = gross - vat;
  } else {
    net = line.unitNetPrice ? roundTo(multiply(parseDecimal(quantity), parseDecimal(line.unitNetPrice)), 2) : 0n;
    vat = given(line.vat) ?? percentOf(net, percent);
    gross = net + vat;
  }
  const count = parseDecimal(quantity);
  const unitNetPrice =
    line.unitNetPrice ?? formatGrosze(count.units === 0n ? net : quotient({ units: net, scale: 2 }, count, 2));
  return {
    name: line.name ?? '',
    quantity,
    unit: line.unit,
    unitNetPrice,
    vatRate: lineRate(line),
    netAmount: formatGrosze(net),
    vatAmount: formatGrosze(vat),
    grossAmount: formatGrosze(gross),
    ...(line.unitGrossPrice === null ? {} : { unitGrossPrice: line.unitGrossPrice }),
  };
}

function totalsByRate(invoice: Fa3Invoice): RateTotal[] {
  const amount = (field: string | null) => {
    const value = field ? invoice.totals.get(field) : undefined;
    return value === undefined ? null : formatAmount(value);
  };
  return RATE_GROUPS.filter((group) => invoice.totals.has(group.net)).map((group) => {
    const stated = new Set(invoice.lines.map(lineRate).filter((rate) => group.rates.includes(rate)));
    const vatRate = group.rates.length === 0 ? null : stated.size === 1 ? [...stated][0]! : group.rates[0]!;
    return {
      group: group.net,
      vatRate,
      netAmount: amount(group.net)!,
      vatAmount: amount(group.vat),
      vatAmountPln: amount(group.vatPln),
    };
  });
}

function sumOf(invoice: Fa3Invoice, pattern: RegExp): string {
  let sum = 0n;
  for (const [field, value] of invoice.totals) if (pattern.test(field)) sum += grosze(value);
  return formatGrosze(sum);
}

function payment(invoice: Fa3Invoice): DocumentContent['payment'] {
  const platnosc = invoice.payment;
  if (!platnosc) return null;
  return {
    method: (platnosc.formCode ? PAYMENT_FORMS[platnosc.formCode] : platnosc.otherForm) ?? null,
    dueDate: platnosc.dueDate,
    paidDate: platnosc.paidDate,
  };
}

/** The structured document of an FA(3) invoice; what it has no room for stays in the XML. */
export function mapInvoice(invoice: Fa3Invoice): DocumentContent {
  return {
    type: TYPE_OF_KIND[invoice.kind]!,
    number: invoice.number,
    issueDate: invoice.issueDate,
    saleDate: invoice.saleDate,
    currency: invoice.currency,
    correctedNumber: invoice.corrected[0]?.number ?? null,
    seller: { name: invoice.seller.name ?? '', nip: invoice.seller.nip, address: invoice.seller.address },
    buyer: { name: invoice.buyer.name ?? '', nip: invoice.buyer.nip, address: invoice.buyer.address },
    lines: invoice.lines.filter((line) => !line.before).map(mapLine),
    totals: {
      netAmount: sumOf(invoice, /^P_13_/),
      vatAmount: sumOf(invoice, /^P_14_\d$/),
      grossAmount: formatAmount(invoice.grossTotal),
    },
    payment: payment(invoice),
    attachments: [],
    notes: invoice.footer,
    correctedInvoices: invoice.corrected,
    linesBefore: invoice.lines.filter((line) => line.before).map(mapLine),
    totalsByRate: totalsByRate(invoice),
    splitPayment: invoice.splitPayment,
    reverseCharge: invoice.reverseCharge,
  };
}

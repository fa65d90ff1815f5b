import type { Messages } from '../i18n/index.js';
import { formatGrosze, multiply, parseDecimal, roundTo, type Scaled } from '../documents/money.js';
import { VAT_RATES } from '../documents/validation.js';
import { divideRounded, grosze, percentOf, vatInGross } from './amounts.js';
import type { Fa3Invoice, Fa3Line } from './invoice.js';
import { lineRate, linePercent } from './mapping.js';
import { MARGIN_GROUP, OSS_GROUP, RATE_GROUPS, groupOfRate, type RateGroup } from './rates.js';

type Phrases = Messages['documentWarnings'];
export type KsefWarningCode = keyof Phrases;

/**
 * Something in an FA(3) invoice's arithmetic that does not add up; the invoice is kept as it is.
 * It carries the parameters of its phrase, not the words: it is stored, and said in each reader's language.
 */
export type KsefWarning = {
  [C in KsefWarningCode]: {
    code: C;
    /** The FA(3) element the warning is about, e.g. "P_14_1". */
    field: string;
    params: Parameters<Phrases[C]>[0];
  };
}[KsefWarningCode];

/** The warning in the words of a catalogue. */
export function describeWarning(m: Messages, warning: KsefWarning): string {
  return (m.documentWarnings[warning.code] as (params: KsefWarning['params']) => string)(warning.params);
}

/** Advance invoices state the advance, not the lines' value; settlement invoices state what is left to pay. */
const TOTALS_NOT_FROM_LINES = new Set(['ZAL', 'KOR_ZAL', 'ROZ', 'KOR_ROZ']);
const ADVANCE_KINDS = new Set(['ZAL', 'KOR_ZAL']);

function groupOfLine(line: Fa3Line, invoice: Fa3Invoice): RateGroup | null {
  if (line.rate) return groupOfRate(lineRate(line));
  if (line.ossRate) return OSS_GROUP;
  return invoice.margin ? MARGIN_GROUP : null;
}

/** A line's share of its group: rows before a correction count negative (the totals are the difference). */
const signed = (line: Fa3Line, amount: bigint) => (line.before ? -amount : amount);

const show = (units: bigint) => formatGrosze(units);

interface GroupLines {
  lines: Fa3Line[];
  /** Σ P_11 of lines that state it. */
  net: bigint;
  /** Σ P_11A of lines that state only the gross value. */
  gross: bigint;
}

function linesByGroup(invoice: Fa3Invoice): Map<RateGroup, GroupLines> | null {
  const byGroup = new Map<RateGroup, GroupLines>();
  for (const line of invoice.lines) {
    const group = groupOfLine(line, invoice);
    // A line with no rate cannot be placed, and one with no value adds nothing known: no sum can be checked.
    if (!group || (line.net === null && line.gross === null)) return null;
    const sums = byGroup.get(group) ?? { lines: [], net: 0n, gross: 0n };
    sums.lines.push(line);
    if (line.net !== null) sums.net += signed(line, grosze(line.net));
    else if (line.gross !== null) sums.gross += signed(line, grosze(line.gross));
    byGroup.set(group, sums);
  }
  return byGroup;
}

/**
 * The VAT amounts P_14_x may rightly hold: the rate applied to the per-rate sum P_13_x (not line
 * by line); for gross lines and advance invoices the VAT inside the gross sum instead; for a
 * correction also the difference of the VAT before and after; several rates in one group each on
 * their own sum. The rate is the lines' own, or any rate of the group when no line says.
 */
function acceptableVat(invoice: Fa3Invoice, group: RateGroup, lines: GroupLines | undefined, net: bigint, vat: bigint) {
  const stated = [...new Set((lines?.lines ?? []).map(lineRate))];
  const percents = (stated.length > 0 ? stated : group.rates).map((rate) => VAT_RATES[rate]);
  const acceptable = new Set<bigint>();
  for (const percent of percents) {
    acceptable.add(percentOf(net, { units: percent, scale: 0 }));
    if ((lines && lines.gross !== 0n) || ADVANCE_KINDS.has(invoice.kind)) {
      acceptable.add(vatInGross(net + vat, { units: percent, scale: 0 }));
    }
  }
  if (lines && lines.gross === 0n) {
    const vatOfSum = (rows: Fa3Line[]) => {
      const byRate = new Map<bigint, bigint>();
      for (const line of rows) {
        if (line.net === null) continue;
        const percent = VAT_RATES[lineRate(line)];
        byRate.set(percent, (byRate.get(percent) ?? 0n) + grosze(line.net));
      }
      return [...byRate].reduce((sum, [percent, base]) => sum + percentOf(base, { units: percent, scale: 0 }), 0n);
    };
    acceptable.add(vatOfSum(lines.lines.filter((l) => !l.before)) - vatOfSum(lines.lines.filter((l) => l.before)));
  }
  return acceptable;
}

const EXACT = 12;
const exact = (value: Scaled) => value.units * 10n ** BigInt(EXACT - value.scale);

/** The VAT of a group's lines converted to PLN at each line's exchange rate (KursWaluty), to 12 places. */
function vatInPln(lines: Fa3Line[]): { exact: Scaled; exchangeRates: number } | null {
  let sum = 0n;
  const rates = new Set<string>();
  for (const line of lines) {
    if (line.exchangeRate === null || (line.net === null && line.gross === null)) return null;
    rates.add(line.exchangeRate);
    const percent = linePercent(line);
    const hundred = 100n * 10n ** BigInt(percent.scale);
    const vat =
      line.net !== null
        ? divideRounded(exact(parseDecimal(line.net)) * percent.units, hundred)
        : divideRounded(exact(parseDecimal(line.gross!)) * percent.units, hundred + percent.units);
    const rate = parseDecimal(line.exchangeRate);
    sum += signed(line, divideRounded(vat * rate.units, 10n ** BigInt(rate.scale)));
  }
  return { exact: { units: sum, scale: EXACT }, exchangeRates: rates.size };
}

/** The lines of a group against its totals: net lines against P_13_x, gross lines against P_13_x + P_14_x. */
function lineSumWarning(group: RateGroup, net: bigint, vat: bigint, sums: GroupLines): KsefWarning | null {
  if (sums.gross === 0n && sums.net !== net) {
    return {
      code: 'KSEF_LINES_NET_MISMATCH',
      field: group.net,
      params: { group: group.net, total: show(net), lines: show(sums.net) },
    };
  }
  if (sums.net === 0n && sums.gross !== 0n && sums.gross !== net + vat) {
    return {
      code: 'KSEF_LINES_GROSS_MISMATCH',
      field: group.net,
      params: { group: group.net, vatGroup: group.vat ?? 'VAT', total: show(net + vat), lines: show(sums.gross) },
    };
  }
  return null; // net and gross lines mixed in one group: no sum to compare
}

/** P_14_xW of an invoice in a foreign currency: given, and the VAT converted at the stated exchange rates. */
function plnWarning(
  invoice: Fa3Invoice,
  group: RateGroup,
  vat: bigint,
  pln: bigint | null,
  lines?: GroupLines,
): KsefWarning | null {
  const field = group.vatPln!;
  if (pln === null) {
    return {
      code: 'KSEF_VAT_PLN_MISSING',
      field,
      params: { currency: invoice.currency, vatGroup: group.vat!, field },
    };
  }
  const converted = lines
    ? vatInPln(lines.lines)
    : invoice.advanceExchangeRate
      ? { exact: multiply({ units: vat, scale: 2 }, parseDecimal(invoice.advanceExchangeRate)), exchangeRates: 1 }
      : null;
  if (!converted) return null;
  const expected = roundTo(converted.exact, 2);
  const difference = expected > pln ? expected - pln : pln - expected;
  // The share of each exchange rate may be rounded on its own: one grosz per rate.
  if (difference <= BigInt(converted.exchangeRates)) return null;
  return {
    code: 'KSEF_VAT_PLN_MISMATCH',
    field,
    params: { field, stated: show(pln), expected: show(expected) },
  };
}

/**
 * Checks what KSeF does not: that the lines add up to the totals per rate, that each VAT total is
 * its rate of the per-rate sum, that P_15 is the sum of the totals, and for an invoice in a foreign
 * currency that the VAT is also given in PLN at the stated exchange rates. Never refuses.
 */
export function arithmeticWarnings(invoice: Fa3Invoice): KsefWarning[] {
  const warnings: (KsefWarning | null)[] = [];
  const total = (field: string | null) => {
    const value = field ? invoice.totals.get(field) : undefined;
    return value === undefined ? null : grosze(value);
  };
  const byGroup = invoice.lines.length > 0 ? linesByGroup(invoice) : null;
  const checkLines = byGroup !== null && !TOTALS_NOT_FROM_LINES.has(invoice.kind);

  for (const group of RATE_GROUPS) {
    const net = total(group.net);
    const vat = total(group.vat);
    const lines = byGroup?.get(group);
    if (checkLines && (net !== null || lines)) {
      warnings.push(lineSumWarning(group, net ?? 0n, vat ?? 0n, lines ?? { lines: [], net: 0n, gross: 0n }));
    }
    if (net === null || vat === null || group.rates.length === 0) continue;
    const acceptable = acceptableVat(invoice, group, lines, net, vat);
    if (!acceptable.has(vat)) {
      warnings.push({
        code: 'KSEF_VAT_MISMATCH',
        field: group.vat!,
        params: {
          vatGroup: group.vat!,
          vat: show(vat),
          group: group.net,
          net: show(net),
          expected: [...acceptable].map(show),
        },
      });
    }
    if (invoice.currency !== 'PLN' && vat !== 0n && group.vatPln) {
      warnings.push(plnWarning(invoice, group, vat, total(group.vatPln), lines));
    }
  }

  let sum = 0n;
  for (const [field, value] of invoice.totals) if (/^P_13_|^P_14_\d$/.test(field)) sum += grosze(value);
  const stated = grosze(invoice.grossTotal);
  if (stated !== sum) {
    warnings.push({
      code: 'KSEF_TOTAL_MISMATCH',
      field: 'P_15',
      params: { stated: show(stated), sum: show(sum) },
    });
  }
  return warnings.filter((warning): warning is KsefWarning => warning !== null);
}

import type { VatRate } from '../documents/validation.js';

/** P_12 of an FA(3) line and the rate it stands for. */
export const RATE_OF_P12: Readonly<Record<string, VatRate>> = {
  '23': 'VAT_23',
  '22': 'VAT_22',
  '8': 'VAT_8',
  '7': 'VAT_7',
  '5': 'VAT_5',
  '4': 'VAT_4',
  '3': 'VAT_3',
  '0 KR': 'VAT_0',
  '0 WDT': 'VAT_0_WDT',
  '0 EX': 'VAT_0_EX',
  zw: 'ZW',
  oo: 'OO',
  'np I': 'NP_I',
  'np II': 'NP_II',
};

/** The P_12 a rate is written as; NP (a JSON document's "not subject") is the general case, np I. */
export const P12_OF_RATE: Readonly<Record<VatRate, string>> = {
  ...(Object.fromEntries(Object.entries(RATE_OF_P12).map(([p12, rate]) => [rate, p12])) as Record<VatRate, string>),
  NP: 'np I',
};

/**
 * The total groups of an FA(3) invoice in schema order: net sum P_13_x, with VAT P_14_x (and
 * P_14_xW, that VAT in PLN for an invoice in a foreign currency) where the group is taxed here.
 */
export interface RateGroup {
  net: string;
  vat: string | null;
  vatPln: string | null;
  /** The rates whose lines sum into the group; empty for OSS and the margin procedure. */
  rates: readonly VatRate[];
}

export const RATE_GROUPS: readonly RateGroup[] = [
  { net: 'P_13_1', vat: 'P_14_1', vatPln: 'P_14_1W', rates: ['VAT_23', 'VAT_22'] },
  { net: 'P_13_2', vat: 'P_14_2', vatPln: 'P_14_2W', rates: ['VAT_8', 'VAT_7'] },
  { net: 'P_13_3', vat: 'P_14_3', vatPln: 'P_14_3W', rates: ['VAT_5'] },
  { net: 'P_13_4', vat: 'P_14_4', vatPln: 'P_14_4W', rates: ['VAT_4', 'VAT_3'] },
  { net: 'P_13_5', vat: 'P_14_5', vatPln: null, rates: [] },
  { net: 'P_13_6_1', vat: null, vatPln: null, rates: ['VAT_0'] },
  { net: 'P_13_6_2', vat: null, vatPln: null, rates: ['VAT_0_WDT'] },
  { net: 'P_13_6_3', vat: null, vatPln: null, rates: ['VAT_0_EX'] },
  { net: 'P_13_7', vat: null, vatPln: null, rates: ['ZW'] },
  { net: 'P_13_8', vat: null, vatPln: null, rates: ['NP_I', 'NP'] },
  { net: 'P_13_9', vat: null, vatPln: null, rates: ['NP_II'] },
  { net: 'P_13_10', vat: null, vatPln: null, rates: ['OO'] },
  { net: 'P_13_11', vat: null, vatPln: null, rates: [] },
];

export const OSS_GROUP = RATE_GROUPS[4]!;
export const MARGIN_GROUP = RATE_GROUPS[12]!;

export function groupOfRate(rate: VatRate): RateGroup {
  const group = RATE_GROUPS.find((g) => g.rates.includes(rate));
  if (!group) throw new Error(`no FA(3) total group for ${rate}`);
  return group;
}

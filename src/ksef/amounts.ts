import { formatGrosze, multiply, parseDecimal, roundTo, type Scaled } from '../documents/money.js';

/** An FA(3) amount (TKwotowy: at most two decimals) in grosze. */
export const grosze = (value: string): bigint => roundTo(parseDecimal(value), 2);

export const formatAmount = (value: string): string => formatGrosze(grosze(value));

/** dividend / divisor, rounded half away from zero. */
export function divideRounded(dividend: bigint, divisor: bigint): bigint {
  const negative = dividend < 0n !== divisor < 0n;
  const [n, d] = [dividend < 0n ? -dividend : dividend, divisor < 0n ? -divisor : divisor];
  const rounded = (2n * n + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** percent % of an amount in grosze, to the grosz. */
export const percentOf = (amount: bigint, percent: Scaled): bigint =>
  roundTo(multiply({ units: amount, scale: 2 }, { units: percent.units, scale: percent.scale + 2 }), 2);

/** The VAT inside a gross amount, KP = WB × SP / (100 + SP) to the grosz (art. 106e ust. 7–8 of the VAT Act). */
export const vatInGross = (gross: bigint, percent: Scaled): bigint =>
  divideRounded(gross * percent.units, 100n * 10n ** BigInt(percent.scale) + percent.units);

/** a / b to `places` decimals, as units of 10^-places. */
export function quotient(a: Scaled, b: Scaled, places: number): bigint {
  return divideRounded(a.units * 10n ** BigInt(places + b.scale), b.units * 10n ** BigInt(a.scale));
}

/** A decimal as FA(3) writes it: no leading zeros, the fraction kept as given ("002.50" → "2.50"). */
export function canonical(value: string): string {
  const [whole = '0', fraction] = value.replace(/^-/, '').split('.');
  return `${value.startsWith('-') ? '-' : ''}${BigInt(whole).toString()}${fraction ? `.${fraction}` : ''}`;
}

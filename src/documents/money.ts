/** Exact decimal arithmetic on strings, in BigInt units of 10^-scale: amounts never touch a float. */

export interface Scaled {
  units: bigint;
  scale: number;
}

export function parseDecimal(value: string): Scaled {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new Error(`not a decimal: ${value}`);
  const fraction = match[3] ?? '';
  const units = BigInt(`${match[2]}${fraction}`) * (match[1] ? -1n : 1n);
  return { units, scale: fraction.length };
}

/** Rounds half away from zero to `scale` places (the usual commercial rounding of Polish invoices). */
export function roundTo({ units, scale }: Scaled, target: number): bigint {
  if (scale <= target) return units * 10n ** BigInt(target - scale);
  const divisor = 10n ** BigInt(scale - target);
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return negative ? -rounded : rounded;
}

export function multiply(a: Scaled, b: Scaled): Scaled {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** Grosze (hundredths) as a decimal string with two places. */
export function formatGrosze(units: bigint): string {
  const negative = units < 0n;
  const magnitude = (negative ? -units : units).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${magnitude.slice(0, -2)}.${magnitude.slice(-2)}`;
}

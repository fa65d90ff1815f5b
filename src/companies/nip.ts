const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];

/** Strips the separators people type ("123-456-32-18", "PL 1234563218"); undefined when not 10 digits. */
export function normaliseNip(input: string): string | undefined {
  const compact = input.replace(/[\s-]/g, '').replace(/^PL/i, '');
  return /^\d{10}$/.test(compact) ? compact : undefined;
}

export function isValidNip(nip: string): boolean {
  if (!/^\d{10}$/.test(nip)) return false;
  const digits = [...nip].map(Number);
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * digits[i]!, 0);
  const check = sum % 11;
  return check !== 10 && check === digits[9];
}

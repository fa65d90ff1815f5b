const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7];

let counter = 0;

/** A fresh NIP with a valid check digit, different on every call within a test file. */
export function newNip(): string {
  for (;;) {
    counter += 1;
    const base = String(1_000_000_00 + (((Date.now() % 1_000_000) * 97 + counter * 7919) % 8_999_999_99)).padStart(
      9,
      '0',
    );
    const check = WEIGHTS.reduce((sum, weight, i) => sum + weight * Number(base[i]), 0) % 11;
    if (check !== 10) return `${base}${check}`;
  }
}

/** The same NIP with its last digit changed, so the checksum fails. */
export function withBadChecksum(nip: string): string {
  return `${nip.slice(0, 9)}${(Number(nip[9]) + 1) % 10}`;
}

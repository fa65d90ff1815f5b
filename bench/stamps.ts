/**
 * Document numbers that carry the wall-clock time their request was built at, so that a receiver
 * in another process can tell how long the document took to reach it without asking the sender.
 * Both processes read the same system clock (performance.timeOrigin + performance.now()).
 */
const STAMPED = /@(\d+\.\d{3})$/;

export const wallClockMs = () => performance.timeOrigin + performance.now();

export function stampedNumber(prefix: string): string {
  return `${prefix}@${wallClockMs().toFixed(3)}`;
}

/** When a stamped number's request was built, or undefined for any other number. */
export function stampOf(number: string): number | undefined {
  const match = STAMPED.exec(number);
  return match ? Number(match[1]) : undefined;
}

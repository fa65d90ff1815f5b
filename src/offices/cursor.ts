import { crc32 } from 'node:zlib';
import { RequestError } from '../errors.js';

const FORMAT = 1;
const HEADER = 1 + 16;
const CHECKSUM = 4;
/** Sequences and cursor keys are PostgreSQL integers. */
const MAX_INT = 2 ** 31 - 1;

/**
 * Where an office stands in each client's event log: the last sequence delivered, by the
 * company's cursor key. A company missing from it stands at 0, so a company that joins later
 * (or a cursor from before it joined) gets its whole backlog once; companies that left keep
 * their entry, so joining again resumes where the office left off.
 *
 * As a cursor it is opaque: format byte, the office configuration's id (a cursor of another
 * office is refused), then per company in key order varint(key − previous key) and
 * varint(sequence), then a CRC-32 of all that (a truncated or mistyped cursor is refused rather
 * than silently replaying), in base64url. It is not a secret: whatever it says, an office reads
 * only the companies it serves now, and never past their last event.
 */
export class FeedPosition {
  /** Cursor keys with an entry, ascending, and the sequence of each at the same index. */
  private keys: number[] = [];
  private sequences: number[] = [];
  /** Where each key is in `keys`. */
  private index = new Map<number, number>();

  constructor(readonly configurationId: string) {}

  get(key: number): number {
    const at = this.index.get(key);
    return at === undefined ? 0 : this.sequences[at]!;
  }

  set(key: number, sequence: number): void {
    const at = this.index.get(key);
    if (at !== undefined) {
      this.sequences[at] = sequence;
      return;
    }
    // A company new to the cursor; companies come in key order mostly, so this appends.
    let insert = this.keys.length;
    while (insert > 0 && this.keys[insert - 1]! > key) insert -= 1;
    this.keys.splice(insert, 0, key);
    this.sequences.splice(insert, 0, sequence);
    for (let i = insert; i < this.keys.length; i += 1) this.index.set(this.keys[i]!, i);
  }

  copy(): FeedPosition {
    const copy = new FeedPosition(this.configurationId);
    copy.keys = [...this.keys];
    copy.sequences = [...this.sequences];
    copy.index = new Map(this.index);
    return copy;
  }

  encode(): string {
    const bytes = Buffer.allocUnsafe(HEADER + this.keys.length * 10 + CHECKSUM);
    bytes[0] = FORMAT;
    bytes.write(this.configurationId.replaceAll('-', ''), 1, 16, 'hex');
    let at = HEADER;
    let previous = 0;
    for (let i = 0; i < this.keys.length; i += 1) {
      const key = this.keys[i]!;
      at = writeVarint(bytes, at, key - previous);
      at = writeVarint(bytes, at, this.sequences[i]!);
      previous = key;
    }
    bytes.writeUInt32BE(crc32(bytes.subarray(0, at)), at);
    return bytes.toString('base64url', 0, at + CHECKSUM);
  }

  /** The position a cursor names; BAD_USER_INPUT unless it is a cursor this office was given. */
  static decode(configurationId: string, cursor: string | null | undefined): FeedPosition {
    const position = new FeedPosition(configurationId);
    if (cursor === null || cursor === undefined || cursor === '') return position;
    const refuse = () => new RequestError('BAD_USER_INPUT', (m) => m.offices.notACursor(cursor), 'after');
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
    const bytes = Buffer.from(cursor, 'base64url');
    const end = bytes.length - CHECKSUM;
    if (end < HEADER || bytes[0] !== FORMAT || bytes.readUInt32BE(end) !== crc32(bytes.subarray(0, end)))
      throw refuse();
    if (bytes.toString('hex', 1, HEADER) !== configurationId.replaceAll('-', '')) throw refuse();
    let at = HEADER;
    let key = 0;
    while (at < end) {
      const delta = readVarint(bytes, at, end);
      const sequence = delta && readVarint(bytes, delta.next, end);
      if (!delta || !sequence || delta.value < 1 || key + delta.value > MAX_INT || sequence.value > MAX_INT) {
        throw refuse();
      }
      key += delta.value;
      position.index.set(key, position.keys.length);
      position.keys.push(key);
      position.sequences.push(sequence.value);
      at = sequence.next;
    }
    return position;
  }
}

function writeVarint(bytes: Buffer, at: number, value: number): number {
  let rest = value;
  while (rest >= 0x80) {
    bytes[at++] = (rest & 0x7f) | 0x80;
    rest = Math.floor(rest / 128);
  }
  bytes[at++] = rest;
  return at;
}

function readVarint(bytes: Buffer, start: number, end: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let at = start; at < end && at < start + 5; at += 1) {
    const byte = bytes[at]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: at + 1 };
    scale *= 128;
  }
  return undefined;
}

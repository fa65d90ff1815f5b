import { createHash } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';

/** Writes through a temporary file, fsync and rename: a reader or a crash sees the old file or the whole new one. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  const dir = await open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * A document number as a file name: unsafe characters become "_", and when anything had to change
 * a short hash of the original keeps "FV/1" and "FV_1" apart.
 */
export function safeFileName(number: string): string {
  const safe = number
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 150);
  if (safe === number) return safe;
  return `${safe}-${createHash('sha256').update(number).digest('hex').slice(0, 8)}`;
}

/**
 * What must be undone even when the run is cut short (Ctrl-C, the watchdog): children to stop and
 * the bench database to drop. The normal path undoes each itself and unregisters it.
 */
const pending = new Set<() => Promise<void>>();

export function registerCleanup(undo: () => Promise<void>): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

export async function cleanUpEverything(): Promise<void> {
  const undos = [...pending].reverse();
  pending.clear();
  for (const undo of undos) {
    await undo().catch((error: unknown) => console.error('cleanup failed:', error));
  }
}

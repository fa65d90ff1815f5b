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

/**
 * Runs a bench's main function bounded in time: on the watchdog, Ctrl-C or SIGTERM it gives up,
 * stops the children and drops the databases.
 */
export async function runBounded(name: string, watchdogMs: number, main: () => Promise<void>): Promise<void> {
  const abort = (reason: string, code: number) => {
    console.error(`${name}: ${reason}`);
    void cleanUpEverything().finally(() => process.exit(code));
  };
  const watchdog = setTimeout(() => abort(`still running after ${watchdogMs / 60_000} min`, 1), watchdogMs);
  process.once('SIGINT', () => abort('interrupted', 130));
  process.once('SIGTERM', () => abort('terminated', 143));
  try {
    await main();
  } finally {
    clearTimeout(watchdog);
  }
}

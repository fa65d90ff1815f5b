import { afterAll } from 'vitest';

type Dispose = () => unknown;

// Every test file gets its own copy of this module, so each file has one list, emptied once after
// its last test — whether the tests passed or failed, and wherever the resource was created.
const leftovers: Dispose[] = [];

afterAll(async () => {
  const failures: unknown[] = [];
  // Newest first: clients before the servers they talk to, servers before their databases.
  for (let dispose = leftovers.pop(); dispose; dispose = leftovers.pop()) {
    try {
      await dispose();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} disposals failed`);
});

/** Runs `dispose` after the test file's last test. */
export function disposeAfterAll(dispose: Dispose): void {
  leftovers.push(dispose);
}

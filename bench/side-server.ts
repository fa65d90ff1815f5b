import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A side port of a measured child for the bench's own questions (collect garbage, read cursors),
 * so that the measured server stays exactly what production runs. Each route answers JSON.
 */
export async function startSideServer(
  routes: Record<string, () => Promise<unknown>>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const route = routes[req.url ?? ''];
    if (!route) return void res.writeHead(404).end();
    route().then(
      (body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Collects garbage (the child runs with --expose-gc) and answers process.memoryUsage(). */
export async function collectGarbage(): Promise<NodeJS.MemoryUsage> {
  if (!globalThis.gc) throw new Error('start the child with --expose-gc');
  // Twice, with a pause: the first pass can leave finalizers and weak maps to the second.
  globalThis.gc();
  await sleep(200);
  globalThis.gc();
  return process.memoryUsage();
}

/**
 * The memory floor of an idle receiver: a bare `ws` server that accepts WebSocket connections and
 * does nothing with them, in its own process like Konekt (its VmRSS is read the same way).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { exitWhenTold } from './child-exit.js';
import { collectGarbage, startSideServer } from './side-server.js';

const server = createServer();
const sockets = new WebSocketServer({ server });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const side = await startSideServer({ '/gc': collectGarbage });
exitWhenTold(() => {
  side.server.close();
  for (const socket of sockets.clients) socket.terminate();
  sockets.close();
  server.close();
  return Promise.resolve();
});
const { port } = server.address() as AddressInfo;
console.log(JSON.stringify({ wsUrl: `ws://127.0.0.1:${port}`, gcUrl: `${side.url}/gc` }));

import { connect, createServer, type Server, type Socket } from 'node:net';
import { disposeAfterAll } from './dispose.js';

/**
 * A TCP relay in front of a server, on a port of its own: `cut()` drops every connection and stops
 * listening, as a server going away does; `restore()` listens on the same port again.
 */
export async function startRelay(targetPort: number) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const listen = async () => {
    server = createServer((incoming) => {
      const outgoing = connect(targetPort, '127.0.0.1');
      track(incoming);
      track(outgoing);
      incoming.pipe(outgoing).pipe(incoming);
      incoming.on('error', () => outgoing.destroy());
      outgoing.on('error', () => incoming.destroy());
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  };
  const cut = async () => {
    const closed = server ? new Promise((resolve) => server!.close(resolve)) : undefined;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  await listen();
  disposeAfterAll(cut);
  return {
    get port() {
      return port;
    },
    cut,
    restore: listen,
  };
}

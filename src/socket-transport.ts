import { CloseCode, handleProtocols } from 'graphql-ws';
import { WebSocket, type WebSocketServer } from 'ws';
import type { Logger } from './logger.js';
import { Connection, type ProtocolHooks } from './socket-protocol.js';
import { whenClosed } from './when-closed.js';

/** A socket not answering a ping within this long is cut; graphql-ws's own `ws` glue uses the same. */
const KEEP_ALIVE_MS = 12_000;

/**
 * graphql-ws's protocol over the sockets of `wsServer` (socket-protocol.ts), in place of graphql-ws's
 * `useServer`, whose `send` waits for each message to be written before the next event is taken (an
 * event-loop turn per event) and which keeps a timer and closures per socket for its pings.
 */
export function serveProtocol(
  hooks: ProtocolHooks,
  wsServer: WebSocketServer,
  logger: Logger,
): { dispose(): Promise<void> } {
  wsServer.options.handleProtocols = handleProtocols;
  const closeOnError = (socket: WebSocket, what: string) => (error: unknown) => {
    logger.error(what, error);
    socket.close(CloseCode.InternalServerError, 'Internal server error');
  };

  const unanswered = new Set<WebSocket>();
  function answered(this: WebSocket) {
    unanswered.delete(this);
  }
  const pings = setInterval(() => {
    for (const socket of wsServer.clients) {
      if (socket.readyState !== WebSocket.OPEN) continue;
      if (unanswered.has(socket)) socket.terminate();
      else {
        unanswered.add(socket);
        socket.ping();
      }
    }
  }, KEEP_ALIVE_MS);
  pings.unref();

  wsServer.on('connection', (socket, request) => {
    socket.once('error', closeOnError(socket, 'a WebSocket failed'));
    socket.on('pong', answered);
    const connection = new Connection(
      socket,
      hooks.clientOf(request),
      hooks,
      closeOnError(socket, 'a WebSocket message could not be handled'),
    );
    socket.on('message', (data) => connection.receive((data as Buffer).toString()));
    whenClosed(socket, () => {
      unanswered.delete(socket);
      connection.closed().catch((error: unknown) => logger.error('a closed WebSocket could not be let go', error));
    });
  });

  return {
    async dispose() {
      clearInterval(pings);
      for (const socket of wsServer.clients) socket.close(1001, 'Going away');
      wsServer.removeAllListeners();
      await new Promise<void>((resolve, reject) => wsServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocket, type WebSocketServer } from 'ws';
import type { Logger } from './logger.js';

export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

/** A socket not answering a ping within this long is cut; graphql-ws's own `ws` glue uses the same. */
const KEEP_ALIVE_MS = 12_000;
/**
 * Below this many unsent bytes a message is handed to the socket and the next one is taken at once;
 * above it the next waits until this one is written. Far below SOCKET_MAX_BUFFERED_BYTES, so a
 * client that stops reading is still held at about one page of events.
 */
const SEND_AHEAD_BYTES = 64 * 1024;
/** Messages sent in a row without waiting before the stream gives the event loop a turn: a replay does not starve the other sockets. */
const SENDS_BETWEEN_TURNS = 64;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Messages sent in one burst (a replayed page) leave in one write rather than a system call each:
 * the TCP socket under `ws` (not exposed by it) is corked until the burst ends.
 */
function corkUntilNextTick(socket: WebSocket) {
  const tcp = (socket as unknown as { _socket?: Socket })._socket;
  if (!tcp || tcp.writableCorked > 0) return;
  tcp.cork();
  process.nextTick(() => tcp.uncork());
}

/**
 * graphql-ws's protocol over the sockets of `wsServer`, in place of graphql-ws's `useServer`, whose
 * `send` waits for each message to be written before the next event is taken (an event-loop turn
 * per event) and which keeps a timer and closures per socket for its pings.
 */
export function serveProtocol(
  options: ServerOptions<Record<string, unknown> | undefined, SocketExtra>,
  wsServer: WebSocketServer,
  logger: Logger,
): { dispose(): Promise<void> } {
  const server = makeServer(options);
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
    let sentInARow = 0;
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send(data) {
          if (socket.readyState !== WebSocket.OPEN) return;
          corkUntilNextTick(socket);
          if (socket.bufferedAmount >= SEND_AHEAD_BYTES) {
            sentInARow = 0;
            return new Promise((resolve, reject) => socket.send(data, (error) => (error ? reject(error) : resolve())));
          }
          socket.send(data);
          if ((sentInARow += 1) < SENDS_BETWEEN_TURNS) return;
          sentInARow = 0;
          return nextTurn();
        },
        close(code, reason) {
          socket.close(code, reason);
        },
        onMessage(handle) {
          const failed = closeOnError(socket, 'a WebSocket message could not be handled');
          socket.on('message', (data) => void handle((data as Buffer).toString()).catch(failed));
        },
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      unanswered.delete(socket);
      closed(code, String(reason)).catch((error: unknown) =>
        logger.error('a closed WebSocket could not be let go', error),
      );
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

import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocket, type WebSocketServer } from 'ws';
import { whenClosed } from '../when-closed.js';
import { CLOSE_RESTARTING, CLOSE_TOO_SLOW } from './sockets.js';

/** How long a stop waits for requests in progress and for sockets to finish their closing handshake. */
export const DRAIN_MS = 5000;
/** How often the sockets' send buffers are looked at. */
const SLOW_CHECK_MS = 1000;

/**
 * What a server stop needs to know about its connections: HTTP requests in progress (finished
 * before the database closes) and every TCP connection (cut if still open once the drain is over).
 */
export class LiveConnections {
  private readonly connections = new Set<Socket>();
  private readonly requests = new Set<ServerResponse>();
  private stopping = false;
  private settled?: () => void;

  constructor(
    private readonly server: Server,
    private readonly wsServer: WebSocketServer,
  ) {
    server.on('connection', (socket) => {
      this.connections.add(socket);
      whenClosed(socket, () => this.forget(() => this.connections.delete(socket)));
    });
    // Heard after ws has let go of the closed socket, which its raw socket's 'close' may precede.
    wsServer.on('connection', (socket) => whenClosed(socket, () => this.forget(() => undefined)));
  }

  /** A request being answered; while the server stops, its connection is not kept alive after the answer. */
  request(res: ServerResponse) {
    if (this.stopping) res.shouldKeepAlive = false;
    this.requests.add(res);
    whenClosed(res, () => this.forget(() => this.requests.delete(res)));
  }

  /**
   * Stops taking connections, tells every live socket the server restarts (the client reconnects
   * elsewhere and resumes by cursor), lets the requests in progress be answered, and cuts whatever
   * is still open after DRAIN_MS.
   */
  async drain(listening: boolean): Promise<void> {
    this.stopping = true;
    const closed = listening ? new Promise<void>((resolve) => this.server.close(() => resolve())) : undefined;
    for (const res of this.requests) if (!res.headersSent) res.shouldKeepAlive = false;
    for (const socket of this.wsServer.clients) socket.close(CLOSE_RESTARTING, 'Server restarting');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        this.settled = resolve;
        this.forget(() => undefined);
      }),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS))),
    ]);
    clearTimeout(timer);
    for (const socket of this.wsServer.clients) socket.terminate();
    for (const socket of this.connections) socket.destroy();
    await closed;
  }

  /** Runs `change`; once stopping, an idle keep-alive connection is closed and the drain ends when nothing is left. */
  private forget(change: () => void) {
    change();
    if (!this.stopping) return;
    this.server.closeIdleConnections();
    if (this.requests.size === 0 && this.wsServer.clients.size === 0) this.settled?.();
  }
}

/**
 * A socket whose unsent bytes were over `maxBufferedBytes` at the last look and have not gone down
 * since belongs to a client that stopped reading (or cannot keep up): it is closed with CLOSE_TOO_SLOW, and its subscriptions
 * end with it (see `socketStream`), so the server holds no more for it. A client still taking a
 * large message, however slowly, is left alone. It resumes by cursor when it reads again.
 */
export function closeSlowConsumers(wsServer: WebSocketServer, maxBufferedBytes: number): () => void {
  const lastLook = new WeakMap<WebSocket, number>();
  const timer = setInterval(() => {
    for (const socket of wsServer.clients) {
      const waiting = socket.bufferedAmount;
      const before = lastLook.get(socket) ?? 0;
      lastLook.set(socket, waiting);
      if (socket.readyState === WebSocket.OPEN && before > maxBufferedBytes && waiting >= before)
        socket.close(CLOSE_TOO_SLOW, 'Too slow: reconnect and resume');
    }
  }, SLOW_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { BlockList, Socket } from 'node:net';
import type { Config } from '../config.js';
import { messages, pickLang } from '../i18n/index.js';
import { whenClosed } from '../when-closed.js';
import { clientAddress, isTrusted } from './address.js';

type Limits = Config['connectionLimits'];

/** How long a refused client is asked to wait (HTTP Retry-After), in seconds. */
export const RETRY_AFTER_SECONDS = 10;

/** How many of a thing each key holds, up to a maximum; `take` gives a slot and its release, or nothing when full. */
export class Slots {
  private readonly held = new Map<string, number>();

  constructor(readonly max: number) {}

  take(key: string): (() => void) | undefined {
    const count = this.held.get(key) ?? 0;
    if (count >= this.max) return undefined;
    this.held.set(key, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(key) ?? 1) - 1;
      if (left > 0) this.held.set(key, left);
      else this.held.delete(key);
    };
  }
}

/** Timeouts for the node server: a client must send its headers, its whole request and its next request in time. */
export function serverOptions(limits: Limits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // How often those timeouts are checked (node's default, 30 s, would let idle sockets pile up).
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs || 1000),
  };
}

/**
 * Caps TCP connections: beyond MAX_CONNECTIONS node closes new ones at once (no file descriptor to
 * spare for an answer); beyond MAX_CONNECTIONS_PER_ADDRESS a connection gets HTTP 429 with
 * Retry-After for its request and is closed. A trusted proxy carries many clients, so its own
 * address is not capped. `refuses` tells the request handler which connections are over the cap.
 */
export function capConnections(server: Server, limits: Limits, proxies: BlockList) {
  server.maxConnections = limits.total;
  const perAddress = new Slots(limits.perAddress);
  const overCap = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    if (isTrusted(proxies, socket.remoteAddress)) return;
    const address = clientAddress(socket.remoteAddress, undefined, proxies);
    const release = perAddress.take(address);
    if (release) {
      whenClosed(socket, release);
      return;
    }
    overCap.add(socket);
    // It gets its answer as soon as it sends a request; one that sends nothing does not stay.
    socket.setTimeout(2000, () => socket.destroy());
  });
  return {
    /** Answers a request on a connection over the cap (and returns true). */
    refused(req: IncomingMessage, res: ServerResponse): boolean {
      if (!overCap.has(req.socket)) return false;
      const m = messages(pickLang(null, req.headers['accept-language']));
      const body = JSON.stringify({
        errors: [{ message: m.limits.tooManyConnections, extensions: { code: 'TOO_MANY_CONNECTIONS' } }],
      });
      res.writeHead(429, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'retry-after': String(RETRY_AFTER_SECONDS),
        connection: 'close',
      });
      res.end(body);
      return true;
    },
    /** Whether an upgrade arrived on a connection over the cap. */
    isOverCap: (req: IncomingMessage) => overCap.has(req.socket),
  };
}

import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { VerifyClientCallbackAsync, WebSocket } from 'ws';
import type { Config } from '../config.js';
import { messages, pickLang, type Lang } from '../i18n/index.js';
import { whenClosed } from '../when-closed.js';
import { RETRY_AFTER_SECONDS, Slots } from './connections.js';

type Limits = Config['connectionLimits'];

/**
 * Close codes, after HTTP's: too many (429), idle too long (408), too much waiting to be sent to a
 * client that does not read (413). graphql-ws uses 4403 and 4408 alike. README, "Close codes", says
 * what a client does on each.
 */
export const CLOSE_TOO_MANY = 4429;
export const CLOSE_IDLE = 4408;
export const CLOSE_TOO_SLOW = 4413;
/** WebSocket's Service Restart: the server is stopping; reconnect at once, to another server, and resume by cursor. */
export const CLOSE_RESTARTING = 1012;

const NOTHING_TO_RELEASE = (): void => undefined;

/** The release of a subscription's slots; returned rather than assigned, so that tsx's keepNames does not give each one a name property (a property array per subscription). */
function releasingBoth(byAddress: () => void, byToken: () => void) {
  return () => {
    byAddress();
    if (byToken !== byAddress) byToken();
  };
}

interface SocketState {
  address: string;
  lang: Lang;
  releaseToken?: () => void;
  idle?: NodeJS.Timeout;
  /** Operations in progress, with the release of their subscription slots. */
  operations: Map<string, () => void>;
}

/**
 * Caps for WebSockets, counted on this server: sockets per client address (checked at the
 * upgrade, with the origin) and per token (at connection_init), subscriptions per address and per
 * token; a socket without a token is closed once idle. An upgrade is refused with HTTP 403 or 429,
 * an open socket is closed with 4429 or 4408, a subscription over a cap gets an error and the
 * socket stays open.
 */
export class SocketLimits {
  private readonly socketsPerAddress: Slots;
  private readonly socketsPerToken: Slots;
  private readonly subscriptionsPerAddress: Slots;
  private readonly subscriptionsPerToken: Slots;
  private readonly pending = new WeakMap<IncomingMessage, SocketState>();
  private readonly states = new WeakMap<WebSocket, SocketState & { token?: string }>();

  constructor(
    private readonly limits: Limits,
    private readonly addressOf: (req: IncomingMessage) => string,
    private readonly originAllowed: (origin: string | undefined, host: string | undefined) => boolean,
    private readonly overConnectionCap: (req: IncomingMessage) => boolean,
  ) {
    this.socketsPerAddress = new Slots(limits.socketsPerAddress);
    this.socketsPerToken = new Slots(limits.socketsPerToken);
    this.subscriptionsPerAddress = new Slots(limits.subscriptionsPerAddress);
    this.subscriptionsPerToken = new Slots(limits.subscriptionsPerToken);
  }

  /** For ws: refuses upgrades from origins not allowed (403) and over the per-address caps (429). */
  readonly verifyClient: VerifyClientCallbackAsync = ({ origin, req }, done) => {
    const lang = pickLang(null, req.headers['accept-language']);
    const m = messages(lang);
    const headers = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };
    if (!this.originAllowed(origin, req.headers.host)) return done(false, 403, m.limits.originNotAllowed, headers);
    const address = this.addressOf(req);
    const release = this.overConnectionCap(req) ? undefined : this.socketsPerAddress.take(address);
    if (!release) {
      return done(false, 429, m.limits.tooManySockets, { ...headers, 'retry-after': String(RETRY_AFTER_SECONDS) });
    }
    // The raw socket closes whether or not the upgrade completes, so the slot is never lost.
    whenClosed(req.socket, release);
    this.pending.set(req, { address, lang, operations: new Map() });
    done(true);
  };

  /** ws's 'connection': the socket the upgrade became. */
  opened(socket: WebSocket, req: IncomingMessage) {
    const state = this.pending.get(req);
    if (!state) return;
    this.states.set(socket, state);
    whenClosed(socket, () => {
      clearTimeout(state.idle);
      state.releaseToken?.();
      for (const release of state.operations.values()) release();
    });
  }

  /** After connection_init, with the token's key (none for anonymous); false when the socket was closed for a cap. */
  admit(socket: WebSocket, token: string | undefined): boolean {
    const state = this.states.get(socket);
    if (!state) return true;
    if (token === undefined) {
      this.idleFrom(socket, state);
      return true;
    }
    const release = this.socketsPerToken.take(token);
    if (!release) {
      socket.close(CLOSE_TOO_MANY, messages(state.lang).limits.tooManySockets);
      return false;
    }
    state.token = token;
    state.releaseToken = release;
    return true;
  }

  /** An operation starts; a subscription over a cap is refused with the error to answer it with. */
  begin(socket: WebSocket, id: string, subscription: boolean): GraphQLError | undefined {
    const state = this.states.get(socket);
    if (!state) return undefined;
    clearTimeout(state.idle);
    let release = NOTHING_TO_RELEASE;
    if (subscription) {
      const byAddress = this.subscriptionsPerAddress.take(state.address);
      const byToken = byAddress && state.token !== undefined ? this.subscriptionsPerToken.take(state.token) : byAddress;
      if (!byAddress || !byToken) {
        byAddress?.();
        const max = byAddress ? this.limits.subscriptionsPerToken : this.limits.subscriptionsPerAddress;
        this.idleFrom(socket, state);
        return new GraphQLError(messages(state.lang).limits.tooManySubscriptions(max), {
          extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', max },
        });
      }
      release = releasingBoth(byAddress, byToken);
    }
    state.operations.set(id, release);
    return undefined;
  }

  /** An operation ended (completed, failed or was stopped). */
  end(socket: WebSocket, id: string) {
    const state = this.states.get(socket);
    if (!state) return;
    state.operations.get(id)?.();
    state.operations.delete(id);
    this.idleFrom(socket, state);
  }

  /** A socket without a token and without an operation is closed after ANONYMOUS_SOCKET_IDLE_MS. */
  private idleFrom(socket: WebSocket, state: SocketState & { token?: string }) {
    if (state.token !== undefined || state.operations.size > 0) return;
    clearTimeout(state.idle);
    state.idle = setTimeout(
      () => socket.close(CLOSE_IDLE, messages(state.lang).limits.anonymousIdle),
      this.limits.anonymousSocketIdleMs,
    );
  }
}

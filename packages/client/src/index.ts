import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { inspect } from 'node:util';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  FollowDocumentEventsDocument,
  FollowOfficeDocumentEventsDocument,
  type EventFieldsFragment,
  type OfficeEventFieldsFragment,
} from './generated/graphql.js';

export * from './generated/graphql.js';
export { sampleInvoice } from './sample.js';

/** A GraphQL error that was not a typed result: authentication, validation, or the server failing. */
export class KonektRequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Why the server could not be reached; nothing was refused, so trying again later may work. */
export type UnreachableReason =
  | 'CONNECTION_REFUSED'
  | 'HOST_NOT_FOUND'
  | 'TIMED_OUT'
  | 'CONNECTION_RESET'
  | 'SERVER_UNAVAILABLE'
  | 'NETWORK';

const REASON_WORDS: Record<UnreachableReason, string> = {
  CONNECTION_REFUSED: 'connection refused',
  HOST_NOT_FOUND: 'host not found',
  TIMED_OUT: 'no answer in time',
  CONNECTION_RESET: 'the connection was cut',
  SERVER_UNAVAILABLE: 'the server is unavailable',
  NETWORK: 'network error',
};

/** The server did not answer at all (no connection, or a proxy saying it is down). */
export class KonektUnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: UnreachableReason,
    /** The underlying code or status, e.g. ECONNREFUSED or HTTP 503. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`cannot reach ${url}: ${REASON_WORDS[reason]}${reason === 'NETWORK' ? ` (${detail})` : ''}`, options);
  }
}

/** A live connection that was open and then dropped. */
export class KonektConnectionLostError extends Error {
  constructor(
    readonly url: string,
    readonly closeCode: number | undefined,
  ) {
    super(`lost the connection to ${url}${closeCode ? ` (closed with ${closeCode})` : ''}`);
  }
}

/** The system error code inside fetch's, undici's and ws's wrappers (`cause`, `errors`, ErrorEvent's `error`). */
const errorCode = (error: unknown): string | undefined => {
  if (!error || typeof error !== 'object') return undefined;
  const wrapped = error as { code?: unknown; errors?: unknown[]; cause?: unknown; error?: unknown };
  if (typeof wrapped.code === 'string') return wrapped.code;
  return errorCode(wrapped.errors?.[0]) ?? errorCode(wrapped.cause) ?? errorCode(wrapped.error);
};

/** The reason a connection attempt failed, from Node's and undici's error codes. */
function unreachable(url: string, error: unknown): KonektUnreachableError {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  const code = errorCode(error) ?? (name === 'TimeoutError' ? name : (message ?? String(error)));
  const reason: UnreachableReason =
    code === 'ECONNREFUSED'
      ? 'CONNECTION_REFUSED'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'HOST_NOT_FOUND'
        : code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'TimeoutError' || code === 'ABORT_ERR'
          ? 'TIMED_OUT'
          : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE'
            ? 'CONNECTION_RESET'
            : 'NETWORK';
  return new KonektUnreachableError(url, reason, code, { cause: error });
}

/**
 * Close codes after which a follow reconnects at once instead of waiting: the server is stopping
 * for a restart or deploy (1012, Service Restart), or closed a connection that was not reading
 * fast enough (4413). Either way the follow resumes after its last handled event.
 */
export const CLOSE_RESTARTING = 1012;
export const CLOSE_TOO_SLOW = 4413;
const RECONNECT_AT_ONCE = new Set([CLOSE_RESTARTING, CLOSE_TOO_SLOW]);

export interface KonektClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql */
  url: string;
  /**
   * Endpoints of other servers of the same Konekt (sharing its database), for follows: when a
   * server restarts or cannot be reached the next one in [url, ...alternateUrls] is tried.
   * Not needed behind a load balancer.
   */
  alternateUrls?: readonly string[];
  /** A program token, wizard token or session token, sent as `Authorization: Bearer`. */
  token?: string;
  /** The language of the server's messages ("pl" or "en"); the server answers in Polish otherwise. */
  lang?: 'pl' | 'en';
  /** How long one HTTP request may take before the server counts as unreachable. */
  timeoutMs?: number;
}

export interface FollowOptions<Event = EventFieldsFragment> {
  /** Resume after this cursor (the last event the program has fully processed). */
  after?: string | null;
  /** Called for each event in order; the next one waits until it resolves. */
  onEvent: (event: Event) => Promise<void> | void;
  /**
   * Told about every failed or lost connection before the client waits `delayMs` and tries again;
   * `reason` is a KonektUnreachableError, a KonektConnectionLostError, or what onEvent threw.
   */
  onReconnect?: (attempt: number, delayMs: number, reason: Error) => void;
  /** Told when a connection is up again after onReconnect, with the endpoint it is up to. */
  onReconnected?: (url: string) => void;
  signal?: AbortSignal;
  /** Longest wait between reconnection attempts. */
  maxDelayMs?: number;
}

/** Waits `ms`, or less if the signal aborts; leaves no listener behind on the signal. */
const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** 1 s, 2 s, 4 s … up to the limit, in whole seconds, some shortened at random so that clients spread out. */
function reconnectDelayMs(attempt: number, maxDelayMs: number): number {
  const base = Math.min(maxDelayMs, 1000 * 2 ** Math.min(attempt - 1, 10));
  if (base < 1000) return base;
  return Math.max(1, Math.round((base / 1000) * (0.75 + Math.random() / 4))) * 1000;
}

/** The typed client that programs (and the `konekt` command) use to talk to Konekt. */
export class KonektClient {
  constructor(private readonly options: KonektClientOptions) {}

  /** The GraphQL endpoint this client talks to. */
  get url(): string {
    return this.options.url;
  }

  withToken(token: string): KonektClient {
    return new KonektClient({ ...this.options, token });
  }

  async request<T, V>(document: TypedDocumentNode<T, V>, variables: V): Promise<T> {
    const { url, token, timeoutMs = 60_000 } = this.options;
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(this.options.lang ? { 'accept-language': this.options.lang } : {}),
        },
        body: JSON.stringify({ query: print(document), variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw unreachable(url, error);
    }
    // What a proxy answers when the server behind it is down.
    if ([502, 503, 504].includes(response.status)) {
      throw new KonektUnreachableError(url, 'SERVER_UNAVAILABLE', `HTTP ${response.status}`);
    }
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new KonektRequestError(`HTTP ${response.status}: ${text.slice(0, 200)}`, undefined, response.status);
    }
    const error = body.errors?.[0];
    if (error || !body.data) {
      throw new KonektRequestError(
        error?.message ?? `HTTP ${response.status}`,
        error?.extensions?.code,
        response.status,
      );
    }
    return body.data;
  }

  /**
   * Follows the company's document events from a cursor: replay, then live. When the connection
   * fails or drops it reconnects with exponential back-off (at once when the server closed it with
   * CLOSE_RESTARTING or CLOSE_TOO_SLOW) and resumes after the last event whose handler finished, so
   * nothing is skipped and nothing is handled twice within one run.
   */
  follow(options: FollowOptions): Promise<void> {
    return this.followStream(FollowDocumentEventsDocument, 'documentEvents', options);
  }

  /** The same for an accounting office: the events of all its client companies, with one cursor. */
  followOffice(options: FollowOptions<OfficeEventFieldsFragment>): Promise<void> {
    return this.followStream(FollowOfficeDocumentEventsDocument, 'officeDocumentEvents', options);
  }

  private async followStream<Field extends string, Event extends { cursor: string }>(
    document: TypedDocumentNode<Record<Field, Event>, { after?: string | null }>,
    field: Field,
    options: FollowOptions<Event>,
  ): Promise<void> {
    let after = options.after ?? null;
    let attempt = 0;
    const maxDelay = options.maxDelayMs ?? 30_000;
    const urls = [this.options.url, ...(this.options.alternateUrls ?? [])];
    let at = 0;
    while (!options.signal?.aborted) {
      const url = urls[at % urls.length]!;
      try {
        await this.followOnce(
          url,
          document,
          field,
          after,
          async (event) => {
            await options.onEvent(event);
            after = event.cursor;
          },
          () => {
            if (attempt > 0) options.onReconnected?.(url);
            attempt = 0;
          },
          options.signal,
        );
        if (options.signal?.aborted) return;
        throw new KonektConnectionLostError(url, undefined);
      } catch (error) {
        if (options.signal?.aborted) return;
        if (error instanceof KonektRequestError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN'))
          throw error;
        attempt += 1;
        const closeCode = error instanceof KonektConnectionLostError ? error.closeCode : undefined;
        // A restarting server takes no new connections: the next endpoint is tried (the same one
        // when there is only one, as behind a load balancer), and so is it when one cannot be reached.
        if (closeCode !== CLOSE_TOO_SLOW) at += 1;
        // At once only right after a working connection, so that servers all refusing are not hammered.
        const atOnce = attempt === 1 && closeCode !== undefined && RECONNECT_AT_ONCE.has(closeCode);
        const delay = atOnce ? 0 : reconnectDelayMs(attempt, maxDelay);
        options.onReconnect?.(attempt, delay, error instanceof Error ? error : new Error(String(error)));
        await sleep(delay, options.signal);
      }
    }
  }

  private followOnce<Field extends string, Event>(
    url: string,
    document: TypedDocumentNode<Record<Field, Event>, { after?: string | null }>,
    field: Field,
    after: string | null,
    handle: (event: Event) => Promise<void>,
    onConnected: () => void,
    signal?: AbortSignal,
  ) {
    const { token } = this.options;
    let connected = false;
    let socketError: unknown;
    const client: Client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
      on: {
        connected: () => {
          connected = true;
          onConnected();
        },
        // ws reports why a connection failed (ECONNREFUSED …) here, before the close event.
        error: (error) => (socketError = error),
      },
    });
    return new Promise<void>((resolve, reject) => {
      let chain = Promise.resolve();
      let done = false;
      const finish = (error?: unknown) => {
        if (done) return;
        done = true;
        signal?.removeEventListener('abort', onAbort);
        void chain.then(async () => {
          await client.dispose();
          if (error) reject(error instanceof Error ? error : new Error(inspect(error)));
          else resolve();
        });
      };
      const onAbort = () => finish();
      signal?.addEventListener('abort', onAbort, { once: true });
      const closed = (event: unknown) => {
        const code = (event as { code?: number } | undefined)?.code;
        if (code === 4403) return new KonektRequestError('The token was revoked or is not valid', 'FORBIDDEN', 403);
        if (!connected) return unreachable(url, socketError ?? event);
        return new KonektConnectionLostError(url, code);
      };
      client.on('closed', (event) => {
        if ((event as { code?: number }).code === 4403) finish(closed(event));
      });
      client.subscribe<Record<Field, Event>>(
        { query: print(document), variables: { after } },
        {
          next: (result) => {
            if (result.errors?.length) {
              const first = result.errors[0] as { message: string; extensions?: { code?: string } };
              finish(new KonektRequestError(first.message, first.extensions?.code, 200));
              return;
            }
            const event = result.data?.[field];
            // Handlers run one at a time, in order; after a failure the rest of the queue is dropped.
            if (event) chain = chain.then(() => (done ? undefined : handle(event))).catch((error) => finish(error));
          },
          error: (error: unknown) =>
            finish(
              Array.isArray(error) ? new Error(describeGraphQLErrors(error as { message?: string }[])) : closed(error),
            ),
          complete: () => finish(),
        },
      );
    });
  }
}

function describeGraphQLErrors(errors: { message?: string }[]): string {
  return errors.map((e) => e.message).join('; ');
}

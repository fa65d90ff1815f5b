import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TypedDocumentNode as Subscription } from '@graphql-typed-document-node/core';
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

export interface KonektClientOptions {
  /** The GraphQL endpoint, e.g. http://localhost:4000/graphql */
  url: string;
  /** A program token, wizard token or session token, sent as `Authorization: Bearer`. */
  token?: string;
  /** The language of the server's messages ("pl" or "en"); the server answers in Polish otherwise. */
  lang?: 'pl' | 'en';
}

export interface FollowOptions<Event = EventFieldsFragment> {
  /** Resume after this cursor (the last event the program has fully processed). */
  after?: string | null;
  /** Called for each event in order; the next one waits until it resolves. */
  onEvent: (event: Event) => Promise<void> | void;
  /** Told about every lost connection before the client retries. */
  onReconnect?: (attempt: number, delayMs: number, reason: unknown) => void;
  signal?: AbortSignal;
  /** Longest wait between reconnection attempts. */
  maxDelayMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The typed client that programs (and the `konekt` command) use to talk to Konekt. */
export class KonektClient {
  constructor(private readonly options: KonektClientOptions) {}

  withToken(token: string): KonektClient {
    return new KonektClient({ ...this.options, token });
  }

  async request<T, V>(document: TypedDocumentNode<T, V>, variables: V): Promise<T> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
        ...(this.options.lang ? { 'accept-language': this.options.lang } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const text = await response.text();
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text);
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
   * drops it reconnects with exponential back-off and resumes after the last event whose handler
   * finished, so nothing is skipped and nothing is handled twice within one run.
   */
  follow(options: FollowOptions): Promise<void> {
    return this.followStream(FollowDocumentEventsDocument, 'documentEvents', options);
  }

  /** The same for an accounting office: the events of all its client companies, with one cursor. */
  followOffice(options: FollowOptions<OfficeEventFieldsFragment>): Promise<void> {
    return this.followStream(FollowOfficeDocumentEventsDocument, 'officeDocumentEvents', options);
  }

  private async followStream<Field extends string, Event extends { cursor: string }>(
    document: Subscription<Record<Field, Event>, { after?: string | null }>,
    field: Field,
    options: FollowOptions<Event>,
  ): Promise<void> {
    let after = options.after ?? null;
    let attempt = 0;
    const maxDelay = options.maxDelayMs ?? 30_000;
    while (!options.signal?.aborted) {
      try {
        await this.followOnce(
          document,
          field,
          after,
          async (event) => {
            await options.onEvent(event);
            after = event.cursor;
            attempt = 0;
          },
          options.signal,
        );
        if (options.signal?.aborted) return;
        throw new Error('the server ended the subscription');
      } catch (error) {
        if (options.signal?.aborted) return;
        if (error instanceof KonektRequestError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN'))
          throw error;
        attempt += 1;
        const delay = Math.min(maxDelay, 250 * 2 ** Math.min(attempt, 10)) * (0.5 + Math.random() / 2);
        options.onReconnect?.(attempt, delay, error);
        await sleep(delay, options.signal);
      }
    }
  }

  private followOnce<Field extends string, Event>(
    document: Subscription<Record<Field, Event>, { after?: string | null }>,
    field: Field,
    after: string | null,
    handle: (event: Event) => Promise<void>,
    signal?: AbortSignal,
  ) {
    const wsUrl = this.options.url.replace(/^http/, 'ws');
    const client: Client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
    return new Promise<void>((resolve, reject) => {
      let chain = Promise.resolve();
      let done = false;
      const finish = (error?: unknown) => {
        if (done) return;
        done = true;
        void chain.then(() => {
          void client.dispose();
          if (error) reject(error);
          else resolve();
        });
      };
      const onAbort = () => finish();
      signal?.addEventListener('abort', onAbort, { once: true });
      client.on('closed', (event) => {
        const code = (event as { code?: number }).code;
        if (code === 4403) finish(new KonektRequestError('The token was revoked or is not valid', 'FORBIDDEN', 403));
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
          error: (error) => finish(error instanceof Error ? error : new Error(describeSocketError(error))),
          complete: () => finish(),
        },
      );
    });
  }
}

function describeSocketError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const { code, reason } = error as { code: number; reason?: string };
    return `connection closed (${code}${reason ? `: ${reason}` : ''})`;
  }
  return Array.isArray(error) ? error.map((e: { message?: string }) => e.message).join('; ') : String(error);
}

import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';

/**
 * A live subscription whose results queue up until the test takes them. `ready` resolves once the
 * server acknowledged the connection; `take(n)` waits for the next n results (or fails on error).
 */
export function subscribe<T extends Record<string, unknown>, V>(
  client: Client,
  document: TypedDocumentNode<T, V>,
  variables: V,
) {
  type Item = T[keyof T];
  const queue: Item[] = [];
  let failure: Error | undefined;
  let completed = false;
  let wake: (() => void) | undefined;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const offConnected = client.on('connected', () => resolveReady());
  const dispose = client.subscribe<T>(
    { query: print(document), variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors?.length) failure = new Error(JSON.stringify(result.errors));
        else if (result.data) queue.push(Object.values(result.data)[0] as Item);
        wake?.();
      },
      error: (error) => {
        failure = error instanceof Error ? error : new Error(JSON.stringify(error));
        wake?.();
      },
      complete: () => {
        completed = true;
        wake?.();
      },
    },
  );
  return {
    ready,
    received: queue,
    get completed() {
      return completed;
    },
    async take(n: number, timeoutMs = 15_000): Promise<Item[]> {
      const deadline = Date.now() + timeoutMs;
      while (queue.length < n) {
        if (failure) throw failure;
        if (completed) throw new Error(`subscription completed after ${queue.length} of ${n} results`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`only ${queue.length} of ${n} results arrived`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
      return queue.splice(0, n);
    },
    close() {
      offConnected();
      dispose();
    },
  };
}

/** The events a client's `follow` hands to `onEvent`, in order; `arrived(n)` resolves once n are in. */
export function collectEvents<T>() {
  const events: T[] = [];
  const waiting = new Map<number, () => void>();
  return {
    events,
    onEvent: (event: T) => {
      events.push(event);
      waiting.get(events.length)?.();
    },
    arrived: (count: number) =>
      new Promise<void>((resolve) => {
        if (events.length >= count) resolve();
        else waiting.set(count, resolve);
      }),
  };
}

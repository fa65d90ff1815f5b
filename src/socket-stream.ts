import { initContextCache } from '@pothos/core';
import { execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import type { Context } from './context.js';
import { withIdOnErrors, withRequestId } from './observability/request-id.js';
import { maskedResult, operationError } from './outage.js';

const DONE = { done: true as const, value: undefined };

/**
 * A subscription's events as a WebSocket operation sends them:
 * - each event is executed here (graphql-js's `execute` with the event as root value, as its
 *   `subscribe` would do in a mapping iterator of its own);
 * - each step runs under the operation's request id (a subscription does its work in its steps,
 *   after the call that started it has returned), and each result's errors carry the id, masked
 *   where they hide an unexpected failure;
 * - a failure of the source becomes one error result (`operationError`) and ends this operation
 *   alone, never the socket with the client's other subscriptions;
 * - Pothos's per-request caches (scope-auth's scope loaders and results, data loaders) are let go
 *   once the subscription has started and after each result, so an idle subscription holds none and
 *   each event is checked afresh: they are kept by the context, which lives as long as the stream;
 * - no step is taken once the socket is no longer open: graphql-ws ends subscriptions only once
 *   the socket has closed, which for a client that does not read takes the whole closing
 *   handshake, and meanwhile the subscription would go on reading the log and dropping every event.
 *
 * One layer, written by hand: every layer around a source holds promises and closures for as long
 * as an idle subscriber waits, and an async generator would queue `return()` behind the pending
 * `next()`, so a client's unsubscribe would not reach an idle source until its next event. For the
 * same reason it finds what it needs in the operation's arguments rather than in closures.
 */
export function socketStream(
  socket: WebSocket,
  operation: StreamOperation,
  events: AsyncIterable<unknown>,
): AsyncIterableIterator<ExecutionResult> {
  return new SocketStream(socket, operation, events[Symbol.asyncIterator]());
}

type StreamContext = Pick<Context, 'requestId' | 'lang' | 'logger'>;
type StreamOperation = ExecutionArgs & { contextValue: StreamContext };

/** A result as a WebSocket client is sent it: an unexpected failure masked, every error with the request id. */
export function shownOverSocket(result: ExecutionResult, { lang, logger, requestId }: StreamContext): ExecutionResult {
  return withIdOnErrors(maskedResult(result, lang, logger), requestId);
}

/** A new key for the context's Pothos caches (@pothos/core keys them by this property when the context has it). */
const forgetCaches = (context: object) => Object.assign(context, initContextCache());

/** A class rather than closures: one object per subscription, its steps shared by all. */
class SocketStream implements AsyncIterableIterator<ExecutionResult> {
  private failed = false;
  private readonly requestId: string;

  constructor(
    private readonly socket: WebSocket,
    private readonly operation: StreamOperation,
    private readonly events: AsyncIterator<unknown>,
  ) {
    this.requestId = operation.contextValue.requestId;
    forgetCaches(operation.contextValue);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.failed) return Promise.resolve(DONE);
    if (!this.open()) return this.return();
    return withRequestId(this.requestId, () => {
      try {
        return this.events.next().then(
          (step) => (step.done ? DONE : this.executed(step.value)),
          (error: unknown) => this.fail(error),
        );
      } catch (error) {
        return Promise.resolve(this.fail(error));
      }
    });
  }

  return(value?: unknown): Promise<IteratorResult<ExecutionResult>> {
    return withRequestId(this.requestId, async () => {
      await this.events.return?.(value);
      return DONE;
    });
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  private open() {
    return this.socket.readyState === WebSocket.OPEN;
  }

  private executed(event: unknown): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> {
    let result;
    try {
      result = execute({ ...this.operation, rootValue: event });
    } catch (error) {
      return this.broken(error);
    }
    if (!(result instanceof Promise)) return this.took(result);
    return result.then(
      (executed) => this.took(executed),
      (error: unknown) => this.broken(error),
    );
  }

  private took(result: ExecutionResult) {
    const { contextValue } = this.operation;
    forgetCaches(contextValue);
    if (!this.open()) return this.return();
    return { done: false as const, value: shownOverSocket(result, contextValue) };
  }

  /** An event that could not be executed at all: the operation ends, and its source with it. */
  private broken(error: unknown) {
    void this.events.return?.()?.catch(() => undefined);
    return this.fail(error);
  }

  private fail(error: unknown): IteratorResult<ExecutionResult> {
    this.failed = true;
    const { lang, logger } = this.operation.contextValue;
    return { done: false, value: withIdOnErrors({ errors: [operationError(error, lang, logger)] }, this.requestId) };
  }
}

import { initContextCache } from '@pothos/core';
import type { ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import type { Context } from './context.js';
import { withIdOnErrors, withRequestId } from './observability/request-id.js';
import { maskedResult, operationError } from './outage.js';

const DONE = { done: true as const, value: undefined };

/**
 * A stream's results as a WebSocket operation sends them:
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
 * same reason it finds what it needs in the operation's context rather than in closures.
 */
export function socketStream(
  socket: WebSocket,
  context: StreamContext,
  source: AsyncIterable<ExecutionResult>,
): AsyncIterableIterator<ExecutionResult> {
  return new SocketStream(socket, context, source[Symbol.asyncIterator]());
}

type StreamContext = Pick<Context, 'requestId' | 'lang' | 'logger'>;

/** A new key for the context's Pothos caches (@pothos/core keys them by this property when the context has it). */
const forgetCaches = (context: object) => Object.assign(context, initContextCache());

/** A class rather than closures: one object per subscription, its steps shared by all. */
class SocketStream implements AsyncIterableIterator<ExecutionResult> {
  private failed = false;
  private readonly requestId: string;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: StreamContext,
    private readonly iterator: AsyncIterator<ExecutionResult>,
  ) {
    this.requestId = context.requestId;
    forgetCaches(context);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    if (this.failed) return Promise.resolve(DONE);
    if (!this.open()) return this.finish();
    return withRequestId(this.requestId, () => {
      try {
        return this.iterator.next().then(
          (step) => this.took(step),
          (error: unknown) => this.fail(error),
        );
      } catch (error) {
        return Promise.resolve(this.fail(error));
      }
    });
  }

  return(value?: unknown): Promise<IteratorResult<ExecutionResult>> {
    return withRequestId(this.requestId, async () => (await this.iterator.return?.(value)) ?? DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    return withRequestId(this.requestId, async () => {
      if (this.iterator.throw) return this.took(await this.iterator.throw(error));
      throw error;
    });
  }

  private open() {
    return this.socket.readyState === WebSocket.OPEN;
  }

  private finish() {
    return withRequestId(this.requestId, async (): Promise<IteratorResult<ExecutionResult>> => {
      await this.iterator.return?.();
      return DONE;
    });
  }

  private took(step: IteratorResult<ExecutionResult>) {
    if (step.done) return step;
    forgetCaches(this.context);
    if (!this.open()) return this.finish();
    const { lang, logger } = this.context;
    return { done: false, value: withIdOnErrors(maskedResult(step.value, lang, logger), this.requestId) };
  }

  private fail(error: unknown): IteratorResult<ExecutionResult> {
    this.failed = true;
    const { lang, logger } = this.context;
    return { done: false, value: withIdOnErrors({ errors: [operationError(error, lang, logger)] }, this.requestId) };
  }
}

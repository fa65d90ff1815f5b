import type { ExecutionResult } from 'graphql';
import { WebSocket } from 'ws';
import { withIdOnErrors, withRequestId } from './observability/request-id.js';

const DONE = { done: true as const, value: undefined };

/**
 * A stream's results as a WebSocket operation sends them:
 * - each step runs under the operation's request id (a subscription does its work in its steps,
 *   after the call that started it has returned), and each result's errors carry the id;
 * - a failure of the source becomes `onError`'s result and ends this operation alone, never the
 *   socket with the client's other subscriptions;
 * - no step is taken once the socket is no longer open: graphql-ws ends subscriptions only once
 *   the socket has closed, which for a client that does not read takes the whole closing
 *   handshake, and meanwhile the subscription would go on reading the log and dropping every event.
 *
 * One layer, written by hand: every layer around a source holds promises and closures for as long
 * as an idle subscriber waits, and an async generator would queue `return()` behind the pending
 * `next()`, so a client's unsubscribe would not reach an idle source until its next event.
 */
export function socketStream(
  socket: WebSocket,
  requestId: string,
  source: AsyncIterable<ExecutionResult>,
  onError: (error: unknown) => ExecutionResult,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let failed = false;
  const open = () => socket.readyState === WebSocket.OPEN;
  const finish = () =>
    withRequestId(requestId, async (): Promise<IteratorResult<ExecutionResult>> => {
      await iterator.return?.();
      return DONE;
    });
  const took = (step: IteratorResult<ExecutionResult>) => {
    if (step.done) return step;
    if (!open()) return finish();
    return { done: false, value: withIdOnErrors(step.value, requestId) };
  };
  const fail = (error: unknown): IteratorResult<ExecutionResult> => {
    failed = true;
    return { done: false, value: withIdOnErrors(onError(error), requestId) };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next() {
      if (failed) return Promise.resolve(DONE);
      if (!open()) return finish();
      return withRequestId(requestId, () => {
        try {
          return iterator.next().then(took, fail);
        } catch (error) {
          return Promise.resolve(fail(error));
        }
      });
    },
    return(value?: unknown) {
      return withRequestId(requestId, async () => (await iterator.return?.(value)) ?? DONE);
    },
    throw(error?: unknown) {
      return withRequestId(requestId, async () => {
        if (iterator.throw) return took(await iterator.throw(error));
        throw error;
      });
    },
  };
}

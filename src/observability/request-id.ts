import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { whenClosed } from '../when-closed.js';

/**
 * The id of the HTTP request or WebSocket operation being served. Everything run on its behalf
 * (resolvers, database calls, the promises they start) sees it, so every log line written meanwhile
 * carries it without the id being passed along by hand.
 */
const current = new AsyncLocalStorage<string>();

/** An id a client or a balancer may set: short, and nothing that could forge or break a log line. */
const SANE_ID = /^[\w.:-]{1,128}$/;

/** The incoming `x-request-id` when it is sane (a balancer's id ties its log to ours); otherwise a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const incoming = Array.isArray(header) ? header[0] : header;
  return incoming !== undefined && SANE_ID.test(incoming) ? incoming : flat(randomUUID());
}

/**
 * The same string in one piece: node builds a UUID by concatenation, a tree of some twenty string
 * pieces (~490 bytes against ~70 flat) that a subscription's context would keep while it lasts.
 */
function flat(text: string) {
  text.charCodeAt(0);
  return text;
}

/**
 * Serves the request under its id (also sent back in the x-request-id header) and logs it once
 * answered: method, path, status and duration.
 */
export function trackRequest(
  req: IncomingMessage,
  res: ServerResponse,
  logger: Logger,
  serve: (requestId: string) => Promise<void>,
): void {
  const requestId = requestIdFrom(req.headers['x-request-id']);
  res.setHeader('x-request-id', requestId);
  const startedAt = performance.now();
  whenClosed(res, () => {
    // The path without its query: links carry their tokens there.
    const path = req.url?.split('?')[0];
    const fields = { requestId, method: req.method, path, status: res.statusCode };
    // Balancers ask for health every few seconds; those lines would drown the rest.
    const level = path === '/healthz' || path === '/readyz' ? 'debug' : 'info';
    logger[level]('request', { ...fields, ms: Math.round(performance.now() - startedAt) });
  });
  void withRequestId(requestId, () => serve(requestId));
}

export function withRequestId<T>(requestId: string, run: () => T): T {
  return current.run(requestId, run);
}

export function currentRequestId(): string | undefined {
  return current.getStore();
}

/** The error with the request id in its extensions: what a user quotes, and what the operator finds the log lines by. */
export function withIdOnError(error: GraphQLError, requestId: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, requestId },
  });
}

export function withIdOnErrors(result: ExecutionResult, requestId: string): ExecutionResult {
  if (!result.errors?.length) return result;
  return { ...result, errors: result.errors.map((error) => withIdOnError(error, requestId)) };
}

/** Every error of an HTTP answer, masked ones included, carries the request id; the last plugin, after errors are worded. */
export function useRequestIdOnErrors(): Plugin<object, { requestId?: string }> {
  return {
    onResultProcess(payload) {
      const { result, serverContext } = payload;
      const { requestId } = serverContext;
      if (requestId === undefined) return;
      const mark = (one: ExecutionResult) => withIdOnErrors(one, requestId);
      if (Array.isArray(result)) payload.setResult(result.map(mark));
      else if (isAsyncIterable(result)) payload.setResult(mapAsyncIterator(result, mark));
      else payload.setResult(mark(result));
    },
  };
}

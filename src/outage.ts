import { GraphQLError, type ExecutionResult } from 'graphql';
import { maskError } from 'graphql-yoga';
import { databaseFailure } from './db/errors.js';
import { messages, type Lang } from './i18n/index.js';
import type { Logger } from './logger.js';

/** How long a client is asked to wait before trying again while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

export const isDatabaseUnavailable = (error: unknown) => databaseFailure(error) === 'UNAVAILABLE';

/** The answer while the database cannot be reached: HTTP 503 with Retry-After, a typed code, the same over WebSocket. */
export function serviceUnavailable(lang: Lang): GraphQLError {
  return new GraphQLError(messages(lang).http.serviceUnavailable(RETRY_AFTER_SECONDS), {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } },
    },
  });
}

/**
 * What a failure that escaped GraphQL's own handling becomes for the one operation it hit: a
 * GraphQL error as it is, SERVICE_UNAVAILABLE for a database that cannot be reached, and a masked
 * "Unexpected error." (logged) for anything else.
 */
export function operationError(error: unknown, lang: Lang, logger: Logger): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (isDatabaseUnavailable(error)) {
    logger.warn('the database cannot be reached', error);
    return serviceUnavailable(lang);
  }
  logger.error('an operation failed', error);
  return new GraphQLError(messages(lang).http.unexpected, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** A GraphQL error raised as such, not one that wraps a failure GraphQL knows nothing of. */
const isOriginal = (error: unknown): boolean =>
  error instanceof GraphQLError && (error.originalError == null || isOriginal(error.originalError));

/**
 * A result as a client may see it when no yoga plugin has masked it (a subscription over WebSocket):
 * an error that wraps a failure other than a GraphQL error is logged and masked as yoga masks it.
 */
export function maskedResult(result: ExecutionResult, lang: Lang, logger: Logger): ExecutionResult {
  if (!result.errors?.some((error) => !isOriginal(error))) return result;
  const errors = result.errors.map((error) => {
    if (isOriginal(error)) return error;
    logger.error('an operation failed', error.originalError ?? error);
    return maskError(error, messages(lang).http.unexpected) as GraphQLError;
  });
  return { ...result, errors };
}

/**
 * The same stream, but a failure of the source becomes `onError`'s value (or what it throws) and
 * ends it. Written by hand, not as an async generator: a generator would queue `return()` behind a
 * pending `next()`, so a client's unsubscribe would not reach an idle source until its next event.
 * A class with promise chains, not closures and async methods: an idle subscriber holds it.
 */
export function onStreamError<T>(source: AsyncIterable<T>, onError: (error: unknown) => T): AsyncIterableIterator<T> {
  return new ErrorMappedStream(source[Symbol.asyncIterator](), onError);
}

class ErrorMappedStream<T> implements AsyncIterableIterator<T> {
  private failed = false;

  constructor(
    private readonly iterator: AsyncIterator<T>,
    private readonly onError: (error: unknown) => T,
  ) {}

  [Symbol.asyncIterator]() {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.failed) return Promise.resolve({ done: true, value: undefined });
    let step;
    try {
      step = this.iterator.next();
    } catch (error) {
      return new Promise((resolve) => resolve(this.fail(error)));
    }
    return step.then(undefined, (error: unknown) => this.fail(error));
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    return (await this.iterator.return?.(value)) ?? { done: true, value: undefined };
  }

  private fail(error: unknown): IteratorResult<T> {
    this.failed = true;
    return { done: false, value: this.onError(error) };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    if (this.iterator.throw) return this.iterator.throw(error);
    throw error;
  }
}

/** What starting an operation gives: its one result, or a subscription's stream (of results, or of events to execute). */
export type OperationResult = ExecutionResult | AsyncIterable<unknown>;

/**
 * An operation over WebSocket that cannot take the socket down with it: a failure to start ends
 * that operation alone with one error result, and the socket's other subscriptions go on. A live
 * subscription's source failing later is guarded the same way by `socketStream`.
 */
export async function guardOperation(
  run: () => Promise<OperationResult> | OperationResult,
  lang: Lang,
  logger: Logger,
): Promise<OperationResult> {
  try {
    return await run();
  } catch (error) {
    return { errors: [operationError(error, lang, logger)] };
  }
}

import type { IncomingMessage } from 'node:http';
import {
  GraphQLError,
  getOperationAST,
  OperationTypeNode,
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { WebSocket, WebSocketServer } from 'ws';
import { bearerToken, REJECTED, resolveViewer, type Viewer } from './auth/viewer.js';
import type { Context, ServerContext, Services } from './context.js';
import type { AccessChange } from './events.js';
import { pickLang } from './i18n/index.js';
import { sayIn } from './limits/refusals.js';
import type { SocketLimits } from './limits/sockets.js';
import { guardOperation, isDatabaseUnavailable, operationError, type OperationResult } from './outage.js';
import { requestIdFrom, withIdOnError, withRequestId } from './observability/request-id.js';
import { shownOverSocket, socketStream } from './socket-stream.js';
import { serveProtocol } from './socket-transport.js';
import { whenClosed } from './when-closed.js';

/** Yoga's envelop for one WebSocket operation; yoga types it loosely, this is what the socket path uses of it. */
interface Enveloped {
  schema: GraphQLSchema;
  parse(source: string): DocumentNode;
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
  contextFactory(): Promise<Context>;
  execute(args: ExecutionArgs): Promise<ExecutionResult> | ExecutionResult;
}

export interface SocketServing {
  yoga: YogaServerInstance<ServerContext, Context>;
  wsServer: WebSocketServer;
  services: Services;
  socketLimits: SocketLimits;
  addressOf: (req: IncomingMessage) => string;
}

/** Does an access change concern what this viewer may do? */
const touches = (viewer: Viewer, change: AccessChange) =>
  (viewer.kind === 'account' && viewer.accountId === change.accountId) ||
  (viewer.kind === 'program' &&
    (viewer.configurationId === change.configurationId ||
      viewer.companyId === change.companyId ||
      viewer.accountId === change.accountId)) ||
  (viewer.kind === 'wizard' && viewer.configurationId === change.configurationId) ||
  (viewer.kind === 'office' &&
    (viewer.configurationId === change.configurationId || viewer.accountId === change.accountId));

/**
 * GraphQL over the sockets of `wsServer` (graphql-ws), through yoga's envelop: each operation under a
 * request id of its own, within the socket limits, and each socket closed once its viewer's access
 * ends. Returns what stops it: no more access re-checks, graphql-ws disposed.
 */
export function serveGraphQLOverSockets({ yoga, wsServer, services, socketLimits, addressOf }: SocketServing) {
  const { logger } = services;
  /** What onSubscribe prepared for each WebSocket operation, by its context: its envelop and its socket. */
  const prepared = new WeakMap<object, { enveloped: Enveloped; socket: WebSocket }>();
  /** One operation over a socket, under its request id, guarded so that its failure ends it alone. */
  const runOperation = async (
    args: ExecutionArgs,
    run: (enveloped: Enveloped) => Promise<OperationResult> | OperationResult,
  ) => {
    const context = args.contextValue as Context;
    const { lang, requestId } = context;
    const operation = prepared.get(context);
    // Yoga's envelop is needed only to start the operation: a subscription would hold it while it lasts.
    prepared.delete(context);
    if (!operation)
      return { errors: [operationError(new Error('operation was not prepared by onSubscribe'), lang, logger)] };
    const { enveloped, socket } = operation;
    const result = await withRequestId(requestId, () => guardOperation(() => run(enveloped), lang, logger));
    if (!(Symbol.asyncIterator in result)) return shownOverSocket(result, context);
    return socketStream(socket, { ...args, contextValue: context }, result);
  };
  // Every open socket with the viewer it authenticated as, so a revocation can close it at once.
  const socketViewers = new Map<WebSocket, { token: string | undefined; viewer: Viewer }>();
  const stopWatchingAccess = services.events.onAccessChanged((change) => {
    for (const [socket, entry] of socketViewers) {
      if (!touches(entry.viewer, change)) continue;
      resolveViewer(services, entry.token).then(
        (viewer) => {
          if (viewer === REJECTED) socket.close(4403, 'Forbidden');
          else entry.viewer = viewer;
        },
        (error: unknown) => {
          // Access may have ended and cannot be checked now: the client reconnects and is checked afresh.
          logger.warn('could not re-check a socket after an access change; closing it', error);
          socket.close(1013, 'Try again later');
        },
      );
    }
  });

  const wsDisposable = serveProtocol(
    {
      clientOf: (request) => ({ acceptLanguage: request.headers['accept-language'], address: addressOf(request) }),
      onConnect: async (ctx) => {
        const token = bearerToken(ctx.connectionParams?.authorization);
        const viewer = await resolveViewer(services, token).catch((error: unknown) => {
          if (!isDatabaseUnavailable(error)) throw error;
          // The token cannot be checked now: the client is told to come back, as a reconnecting client does.
          logger.warn('could not check a connecting socket: the database cannot be reached', error);
          ctx.socket.close(1013, 'Try again later');
          return REJECTED;
        });
        // A token that was sent but no longer works is refused outright, not downgraded to anonymous.
        if (viewer === REJECTED) return false;
        if (!socketLimits.admit(ctx.socket, viewer.kind === 'anonymous' ? undefined : viewer.tokenId)) return false;
        socketViewers.set(ctx.socket, { token, viewer });
        whenClosed(ctx.socket, () => socketViewers.delete(ctx.socket));
        return true;
      },
      // A failure ends its own operation, never the socket with the client's other subscriptions.
      execute: (args) => runOperation(args, (enveloped) => enveloped.execute(args)),
      // graphql-js itself, not yoga's envelop: envelop's layers around the stream (error masking,
      // metrics) would be held by every idle subscriber, about 3 KiB each. socketStream executes
      // each event of the source stream and masks its errors.
      subscribe: (args) => runOperation(args, () => createSourceEventStream(args)),
      onSubscribe: (ctx, id, params) => {
        const requestId = requestIdFrom(undefined);
        const refusal = (errors: readonly GraphQLError[]) => errors.map((error) => withIdOnError(error, requestId));
        return withRequestId(requestId, async () => {
          const { acceptLanguage, address } = ctx.client;
          const lang = pickLang(null, acceptLanguage);
          try {
            const enveloped = yoga.getEnveloped({
              connectionParams: ctx.connectionParams ?? {},
              acceptLanguage,
              clientAddress: address,
              requestId,
            }) as unknown as Enveloped;
            let document;
            try {
              document = enveloped.parse(params.query);
            } catch (error) {
              if (error instanceof GraphQLError) return refusal(sayIn(lang, [error]));
              throw error;
            }
            const errors = enveloped.validate(enveloped.schema, document);
            if (errors.length > 0) return refusal(sayIn(lang, errors));
            const contextValue = await enveloped.contextFactory();
            const subscription =
              getOperationAST(document, params.operationName)?.operation === OperationTypeNode.SUBSCRIPTION;
            const refused = socketLimits.begin(ctx.socket, id, subscription);
            if (refused) return refusal([refused]);
            prepared.set(contextValue, { enveloped, socket: ctx.socket });
            logger.debug('socket operation', { operationName: params.operationName, subscription });
            return {
              schema: enveloped.schema,
              document,
              operationName: params.operationName,
              variableValues: params.variables,
              contextValue,
            };
          } catch (error) {
            // A viewer that cannot be read (the database away): this operation fails, not the socket.
            return refusal([operationError(error, lang, logger)]);
          }
        });
      },
      onEnd: (ctx, id) => socketLimits.end(ctx.socket, id),
      connectionInitWaitTimeout: services.config.connectionLimits.connectionInitTimeoutMs,
    },
    wsServer,
    logger,
  );

  return async () => {
    stopWatchingAccess();
    await wsDisposable.dispose();
  };
}

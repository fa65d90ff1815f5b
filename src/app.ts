import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import {
  GraphQLError,
  getOperationAST,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type YogaInitialContext } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import { AttemptLimits } from './auth/attempts.js';
import { ViewerCache } from './auth/viewer-cache.js';
import type { Config } from './config.js';
import { bearerToken, REJECTED, resolveViewer, type Viewer } from './auth/viewer.js';
import type { Context, Services } from './context.js';
import { openDatabase, type Database } from './db/index.js';
import { EventBus, type AccessChange } from './events.js';
import { createLogger, type Logger } from './logger.js';
import { MailOutbox } from './mail/outbox.js';
import { createTransport } from './mail/transport.js';
import { messages, pickLang } from './i18n/index.js';
import { graphiql } from './portal/graphiql.js';
import { handlePortal } from './portal/pages.js';
import { EventFeeds } from './documents/feed.js';
import { handleHealth } from './health.js';
import {
  guardOperation,
  isDatabaseUnavailable,
  operationError,
  RETRY_AFTER_SECONDS,
  serviceUnavailable,
} from './outage.js';
import { attachmentBytesPerDocument } from './documents/limits.js';
import { startReminders } from './offices/reminders.js';
import { schema } from './schema/index.js';
import { clientAddress, trustedProxies } from './limits/address.js';
import { browserRules, corsFor, originAllowed } from './limits/browsers.js';
import { capConnections, serverOptions } from './limits/connections.js';
import { operationLimits } from './limits/operations.js';
import { sayIn } from './limits/refusals.js';
import { SocketLimits } from './limits/sockets.js';

export interface AppOverrides {
  /** An opened database (tests pass a restored snapshot); closed by stop(). */
  database?: Database;
  logger?: Logger;
  now?: () => Date;
}

export interface App {
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
  services: Services;
}

/** Where a request came from; a WebSocket operation also brings graphql-ws's connection params and the upgrade's language. */
type ServerContext = { clientAddress: string; connectionParams?: Record<string, unknown>; acceptLanguage?: string };
/** Yoga's envelop for one WebSocket operation; yoga types it loosely, this is what the socket path uses of it. */
interface Enveloped {
  schema: GraphQLSchema;
  parse(source: string): DocumentNode;
  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[];
  contextFactory(): Promise<Context>;
  execute(args: ExecutionArgs): Promise<ExecutionResult> | ExecutionResult;
  subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult>;
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const database =
    overrides.database ??
    (await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }));
  const now = overrides.now ?? (() => new Date());
  const transport = createTransport({
    smtpUrl: config.smtpUrl,
    outboxDir: path.join(config.dataDir, 'outbox'),
    from: config.mailFrom,
    logger,
    // Three SMTP waits (connect, greeting, each reply) must end well within the claim on a mail.
    timeoutMs: Math.min(30_000, Math.floor(config.mailClaimMs / 4)),
  });
  const outbox = new MailOutbox({
    db: database.prisma,
    transport,
    logger,
    now,
    settings: {
      maxAttempts: config.mailMaxAttempts,
      retryDelayMs: config.mailRetryDelayMs,
      retryMaxDelayMs: config.mailRetryMaxDelayMs,
      pollIntervalMs: config.mailPollIntervalMs,
      claimMs: config.mailClaimMs,
    },
  });
  const services: Services = {
    config,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    db: database.prisma,
    sql: database.sql,
    logger,
    outbox,
    attempts: new AttemptLimits(database.prisma, now, config.attemptLimits, logger),
    events: config.redisUrl ? await EventBus.withRedis(config.redisUrl, logger) : new EventBus(logger),
    now,
    feeds: new EventFeeds(database.prisma),
    viewers: new ViewerCache(5000),
  };

  const proxies = trustedProxies(config.trustProxy);
  const addressOf = (req: IncomingMessage) =>
    clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], proxies);

  // Registered first, so that whoever reacts to a change after it reads the database afresh.
  const stopForgettingViewers = services.events.onAccessChanged(() => services.viewers.clear());

  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    ...(config.graphiql ? graphiql : { graphiql: false }),
    cors: corsFor(config, () => services.publicUrl),
    // No uploads: attachments travel as base64 in JSON.
    multipart: false,
    plugins: [...operationLimits(config.operationLimits), ...browserRules(config)],
    logging: {
      debug: (...args) => logger.debug(String(args[0]), args.slice(1)),
      info: (...args) => logger.info(String(args[0]), args.slice(1)),
      warn: (...args) => logger.warn(String(args[0]), args.slice(1)),
      error: (...args) => logger.error(String(args[0]), args.slice(1)),
    },
    context: async (initial: YogaInitialContext & ServerContext): Promise<Context> => {
      const ws = initial.connectionParams !== undefined;
      const header = ws ? initial.connectionParams?.authorization : initial.request?.headers.get('authorization');
      const lang = pickLang(null, ws ? initial.acceptLanguage : initial.request?.headers.get('accept-language'));
      const viewer = await resolveViewer(services, bearerToken(header)).catch((error: unknown) => {
        throw isDatabaseUnavailable(error) ? serviceUnavailable(lang) : error;
      });
      // A token that does not work is refused outright, never taken as "no token".
      if (viewer === REJECTED) {
        throw new GraphQLError(messages(lang).access.tokenRejected, {
          extensions: {
            code: 'UNAUTHENTICATED',
            http: { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
          },
        });
      }
      return { ...services, viewer, lang, clientAddress: initial.clientAddress };
    },
  });

  const server = createServer(serverOptions(config.connectionLimits), (req, res) => void route(req, res));
  const connectionCaps = capConnections(server, config.connectionLimits, proxies);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    res.setHeader('x-content-type-options', 'nosniff');
    if (connectionCaps.refused(req, res)) return;
    try {
      if (await handleHealth(services, req, res)) return;
      if (await handlePortal(services, req, res)) return;
      if (req.method === 'POST') {
        const length = Number(req.headers['content-length']);
        if (!req.headers['content-length'] && req.headers['transfer-encoding']) {
          return refuse(res, 411, 'LENGTH_REQUIRED', messagesFor(req).http.lengthRequired);
        }
        if (length > config.maxBodyBytes) {
          const { maxBodyBytes } = config;
          const message = messagesFor(req).http.bodyTooLarge(maxBodyBytes, attachmentBytesPerDocument(maxBodyBytes));
          return refuse(res, 413, 'PAYLOAD_TOO_LARGE', message);
        }
      }
      await yoga(req, res, { clientAddress: addressOf(req) });
    } catch (error) {
      const unavailable = isDatabaseUnavailable(error);
      logger[unavailable ? 'warn' : 'error']('request failed', error);
      if (res.headersSent) res.destroy();
      else if (unavailable) {
        const message = messagesFor(req).http.serviceUnavailable(RETRY_AFTER_SECONDS);
        refuse(res, 503, 'SERVICE_UNAVAILABLE', message, { 'retry-after': String(RETRY_AFTER_SECONDS) });
      } else refuse(res, 500, 'INTERNAL_SERVER_ERROR', messagesFor(req).http.unexpected);
    }
  }

  const messagesFor = (req: IncomingMessage) => messages(pickLang(null, req.headers['accept-language']));

  function refuse(res: ServerResponse, status: number, code: string, message: string, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers });
    res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  }

  const socketLimits = new SocketLimits(
    config.connectionLimits,
    addressOf,
    (origin, host) => originAllowed(config, services.publicUrl, origin, host),
    connectionCaps.isOverCap,
  );
  const wsServer = new WebSocketServer({
    server,
    path: yoga.graphqlEndpoint,
    maxPayload: config.maxBodyBytes,
    verifyClient: socketLimits.verifyClient,
  });
  wsServer.on('connection', (socket, req) => socketLimits.opened(socket, req));
  const executors = new WeakMap<object, Enveloped>();
  const langOf = (args: ExecutionArgs) => (args.contextValue as Context).lang;
  const executorOf = (args: ExecutionArgs) => {
    const executor = executors.get(args.contextValue as object);
    if (!executor) throw new Error('operation was not prepared by onSubscribe');
    return executor;
  };
  // Every open socket with the viewer it authenticated as, so a revocation can close it at once.
  const socketViewers = new Map<WebSocket, { token: string | undefined; viewer: Viewer }>();
  const touches = (viewer: Viewer, change: AccessChange) =>
    (viewer.kind === 'account' && viewer.accountId === change.accountId) ||
    (viewer.kind === 'program' &&
      (viewer.configurationId === change.configurationId ||
        viewer.companyId === change.companyId ||
        viewer.accountId === change.accountId)) ||
    (viewer.kind === 'wizard' && viewer.configurationId === change.configurationId) ||
    (viewer.kind === 'office' &&
      (viewer.configurationId === change.configurationId || viewer.accountId === change.accountId));
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

  const wsDisposable = useServer(
    {
      onConnect: async (ctx) => {
        const token = bearerToken(ctx.connectionParams?.authorization);
        const viewer = await resolveViewer(services, token).catch((error: unknown) => {
          if (!isDatabaseUnavailable(error)) throw error;
          // The token cannot be checked now: the client is told to come back, as a reconnecting client does.
          logger.warn('could not check a connecting socket: the database cannot be reached', error);
          ctx.extra.socket.close(1013, 'Try again later');
          return REJECTED;
        });
        // A token that was sent but no longer works is refused outright, not downgraded to anonymous.
        if (viewer === REJECTED) return false;
        if (!socketLimits.admit(ctx.extra.socket, viewer.kind === 'anonymous' ? undefined : viewer.tokenId))
          return false;
        socketViewers.set(ctx.extra.socket, { token, viewer });
        ctx.extra.socket.once('close', () => socketViewers.delete(ctx.extra.socket));
        return true;
      },
      // A failure ends its own operation, never the socket with the client's other subscriptions.
      execute: (args) => guardOperation(() => executorOf(args).execute(args), langOf(args), logger),
      subscribe: (args) => guardOperation(() => executorOf(args).subscribe(args), langOf(args), logger),
      onSubscribe: async (ctx, id, params) => {
        const acceptLanguage = ctx.extra.request.headers['accept-language'];
        const lang = pickLang(null, acceptLanguage);
        try {
          const enveloped = yoga.getEnveloped({
            connectionParams: ctx.connectionParams ?? {},
            acceptLanguage,
            clientAddress: addressOf(ctx.extra.request),
          }) as unknown as Enveloped;
          let document;
          try {
            document = enveloped.parse(params.query);
          } catch (error) {
            if (error instanceof GraphQLError) return sayIn(lang, [error]);
            throw error;
          }
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) return sayIn(lang, errors);
          const contextValue = await enveloped.contextFactory();
          const subscription = getOperationAST(document, params.operationName)?.operation === 'subscription';
          const refused = socketLimits.begin(ctx.extra.socket, id, subscription);
          if (refused) return [refused];
          executors.set(contextValue, enveloped);
          return {
            schema: enveloped.schema,
            document,
            operationName: params.operationName,
            variableValues: params.variables,
            contextValue,
          };
        } catch (error) {
          // A viewer that cannot be read (the database away): this operation fails, not the socket.
          return [operationError(error, lang, logger)];
        }
      },
      onComplete: (ctx, id) => socketLimits.end(ctx.extra.socket, id),
      onError: (ctx, id) => socketLimits.end(ctx.extra.socket, id),
      connectionInitWaitTimeout: config.connectionLimits.connectionInitTimeoutMs,
    },
    wsServer,
  );

  let started = false;
  let stopReminders: (() => Promise<void>) | undefined;
  return {
    services,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      started = true;
      outbox.start();
      stopReminders = startReminders(services, config.reminderCheckSeconds * 1000);
      const { port } = server.address() as AddressInfo;
      services.publicUrl = config.publicUrl ?? `http://localhost:${port}`;
      return { port, url: `http://localhost:${port}${yoga.graphqlEndpoint}` };
    },
    async stop() {
      await stopReminders?.();
      stopWatchingAccess();
      stopForgettingViewers();
      await wsDisposable.dispose();
      wsServer.close();
      if (started) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
      }
      await outbox.stop();
      transport.close();
      await services.events.close();
      await database.close();
    },
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type YogaInitialContext } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import { Throttle } from './auth/throttle.js';
import { ViewerCache } from './auth/viewer-cache.js';
import type { Config } from './config.js';
import { bearerToken, REJECTED, resolveViewer, type Viewer } from './auth/viewer.js';
import type { Context, Services } from './context.js';
import { openDatabase, type Database } from './db/index.js';
import { EventBus, type AccessChange } from './events.js';
import { createLogger, type Logger } from './logger.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { messages, pickLang } from './i18n/index.js';
import { handlePortal } from './portal/pages.js';
import { EventFeeds } from './documents/feed.js';
import { startReminders } from './offices/reminders.js';
import { schema } from './schema/index.js';

export interface AppOverrides {
  /** An opened database (tests pass a restored snapshot); closed by stop(). */
  database?: Database;
  mailer?: Mailer;
  logger?: Logger;
  now?: () => Date;
}

export interface App {
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
  services: Services;
}

/** What a WebSocket operation brings instead of an HTTP request: graphql-ws's connection params and the upgrade's language. */
type WsInitialContext = { connectionParams?: Record<string, unknown>; acceptLanguage?: string };
type Executor = Pick<ReturnType<ReturnType<typeof createYoga>['getEnveloped']>, 'execute' | 'subscribe'>;

const MINUTE = 60_000;

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const database =
    overrides.database ??
    (await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }));
  const mailer =
    overrides.mailer ??
    createMailer({
      smtpUrl: config.smtpUrl,
      outboxDir: path.join(config.dataDir, 'outbox'),
      from: config.mailFrom,
      logger,
    });
  const now = overrides.now ?? (() => new Date());
  const clockMs = () => now().getTime();
  const services: Services = {
    config,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    db: database.prisma,
    logger,
    mailer,
    throttles: {
      signIn: new Throttle(5, 15 * MINUTE, clockMs),
      passwordReset: new Throttle(3, 15 * MINUTE, clockMs),
      exchangePassword: new Throttle(5, 15 * MINUTE, clockMs),
    },
    events: config.redisUrl ? await EventBus.withRedis(config.redisUrl, logger) : new EventBus(logger),
    now,
    feeds: new EventFeeds(database.prisma),
    viewers: new ViewerCache(5000),
  };

  // Registered first, so that whoever reacts to a change after it reads the database afresh.
  const stopForgettingViewers = services.events.onAccessChanged(() => services.viewers.clear());

  const yoga = createYoga<WsInitialContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Konekt', subscriptionsProtocol: 'WS' },
    logging: {
      debug: (...args) => logger.debug(String(args[0]), args.slice(1)),
      info: (...args) => logger.info(String(args[0]), args.slice(1)),
      warn: (...args) => logger.warn(String(args[0]), args.slice(1)),
      error: (...args) => logger.error(String(args[0]), args.slice(1)),
    },
    context: async (initial: YogaInitialContext & WsInitialContext): Promise<Context> => {
      const ws = initial.connectionParams !== undefined;
      const header = ws ? initial.connectionParams?.authorization : initial.request?.headers.get('authorization');
      const lang = pickLang(null, ws ? initial.acceptLanguage : initial.request?.headers.get('accept-language'));
      const viewer = await resolveViewer(services, bearerToken(header));
      // A token that does not work is refused outright, never taken as "no token".
      if (viewer === REJECTED) {
        throw new GraphQLError(messages(lang).access.tokenRejected, {
          extensions: {
            code: 'UNAUTHENTICATED',
            http: { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } },
          },
        });
      }
      return { ...services, viewer, lang };
    },
  });

  const server = createServer((req, res) => void route(req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function route(req: IncomingMessage, res: ServerResponse) {
    try {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      if (await handlePortal(services, req, res)) return;
      if (req.method === 'POST') {
        const length = Number(req.headers['content-length']);
        if (!req.headers['content-length'] && req.headers['transfer-encoding']) {
          return refuse(res, 411, 'LENGTH_REQUIRED', 'Send the request with a Content-Length header');
        }
        if (length > config.maxBodyBytes) {
          return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${config.maxBodyBytes} bytes`);
        }
      }
      await yoga(req, res);
    } catch (error) {
      logger.error('request failed', error);
      if (!res.headersSent) refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error');
      else res.destroy();
    }
  }

  function refuse(res: ServerResponse, status: number, code: string, message: string) {
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
    res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  }

  const wsServer = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: config.maxBodyBytes });
  const executors = new WeakMap<object, Executor>();
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
        const viewer = await resolveViewer(services, token);
        // A token that was sent but no longer works is refused outright, not downgraded to anonymous.
        if (viewer === REJECTED) return false;
        socketViewers.set(ctx.extra.socket, { token, viewer });
        ctx.extra.socket.once('close', () => socketViewers.delete(ctx.extra.socket));
        return true;
      },
      execute: (args) => executorOf(args).execute(args),
      subscribe: (args) => executorOf(args).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const enveloped = yoga.getEnveloped({
          connectionParams: ctx.connectionParams ?? {},
          acceptLanguage: ctx.extra.request.headers['accept-language'],
        });
        const document = enveloped.parse(params.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return errors;
        const contextValue = await enveloped.contextFactory();
        executors.set(contextValue, enveloped);
        return {
          schema: enveloped.schema,
          document,
          operationName: params.operationName,
          variableValues: params.variables,
          contextValue,
        };
      },
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
      mailer.close();
      await services.events.close();
      await database.close();
    },
  };
}

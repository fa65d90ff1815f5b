import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { initContextCache } from '@pothos/core';
import { GraphQLError, subscribe } from 'graphql';
import { createYoga, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { AttemptLimits } from './auth/attempts.js';
import { ViewerCache } from './auth/viewer-cache.js';
import type { Config } from './config.js';
import { bearerToken, REJECTED, resolveViewer } from './auth/viewer.js';
import type { Context, ServerContext, Services } from './context.js';
import { openDatabase, type Database } from './db/index.js';
import { EventBus } from './events.js';
import { createLogger, yogaLogging, type Logger } from './logger.js';
import { MailOutbox } from './mail/outbox.js';
import { createTransport } from './mail/transport.js';
import { messages, pickLang } from './i18n/index.js';
import { graphiql } from './portal/graphiql.js';
import { handlePortal } from './portal/pages.js';
import { EventFeeds } from './documents/feed.js';
import { handleHealth } from './health.js';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS, serviceUnavailable } from './outage.js';
import { attachmentBytesPerDocument } from './documents/limits.js';
import { startReminders } from './offices/reminders.js';
import { schema } from './schema/index.js';
import { clientAddress, isTrusted, trustedProxies } from './limits/address.js';
import { browserRules, corsFor, originAllowed } from './limits/browsers.js';
import { capConnections, serverOptions } from './limits/connections.js';
import { operationLimits } from './limits/operations.js';
import { SocketLimits } from './limits/sockets.js';
import { Metrics, serveMetrics } from './observability/metrics.js';
import { currentRequestId, trackRequest, useRequestIdOnErrors } from './observability/request-id.js';
import { closeSlowConsumers, DRAIN_MS, LiveConnections } from './limits/live-sockets.js';
import { pollEventLogs } from './documents/poll.js';
import { serveGraphQLOverSockets } from './socket-server.js';

const GRAPHQL_PATH = '/graphql';

/**
 * Subscriptions over HTTP (server-sent events) run by graphql-js itself, as those over WebSocket
 * are (socket-server.ts): graphql-tools' executor wraps each source in three more iterators (two
 * flattening ones, for incremental delivery Konekt does not use), which an idle subscriber holds
 * with their pending promises.
 */
const graphqlJsSubscribe: Plugin = { onSubscribe: ({ setSubscribeFn }) => setSubscribeFn(subscribe) };

/** What a stop allows, after the drain of requests, for closing the outbox, Redis and the database. */
const CLOSE_REST_MS = 5000;

export interface AppOverrides {
  /** An opened database (tests pass a restored snapshot); closed by stop(). */
  database?: Database;
  logger?: Logger;
  now?: () => Date;
}

export interface App {
  /** `metricsPort` is where /metrics is served, when METRICS_PORT is set. */
  start(): Promise<{ url: string; port: number; metricsPort?: number }>;
  stop(): Promise<void>;
  /** How long stop() may take before the process cuts it short: the drain delay, the drain of requests, closing the rest. */
  stopBoundMs: number;
  services: Services;
}

export async function buildApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const database =
    overrides.database ??
    (await openDatabase(
      config.databaseUrl
        ? {
            databaseUrl: config.databaseUrl,
            directUrl: config.databaseDirectUrl,
            preparedStatements: config.preparedStatements,
          }
        : { dataDir: config.dataDir },
    ));
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
  const metrics = new Metrics();
  const services: Services = {
    config,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
    db: database.prisma,
    sql: database.sql,
    logger,
    outbox,
    attempts: new AttemptLimits(database.prisma, now, config.attemptLimits, logger, metrics),
    events: config.redisUrl ? await EventBus.withRedis(config.redisUrl, logger) : new EventBus(logger),
    now,
    feeds: new EventFeeds(database.sql, metrics),
    metrics,
    viewers: new ViewerCache(5000),
  };
  if (config.metricsPort !== undefined) {
    metrics.observe({
      db: database.prisma,
      outbox,
      pushedPositions: () => services.feeds.pushedPositions(),
      pool: database.pool,
      logger,
    });
  }

  const proxies = trustedProxies(config.trustProxy);
  // A peer that is no trusted proxy is the client of every request on its connection: worked out once.
  const directClients = new WeakMap<Socket, string | null>();
  const addressOf = (req: IncomingMessage) => {
    let direct = directClients.get(req.socket);
    if (direct === undefined) {
      const peer = req.socket.remoteAddress;
      direct = isTrusted(proxies, peer) ? null : clientAddress(peer, undefined, proxies);
      directClients.set(req.socket, direct);
    }
    return direct ?? clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], proxies);
  };

  // Registered first, so that whoever reacts to a change after it reads the database afresh.
  const stopForgettingViewers = services.events.onAccessChanged(() => services.viewers.clear());

  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    ...(config.graphiql ? graphiql : { graphiql: false }),
    cors: corsFor(config, () => services.publicUrl),
    // No uploads: attachments travel as base64 in JSON.
    multipart: false,
    // route() refuses a body over MAX_BODY_BYTES, or without a Content-Length, before yoga reads it:
    // yoga's own byte count would pipe every body through a transform stream a second time.
    maxRequestBodySize: false,
    plugins: [
      ...operationLimits(config.operationLimits),
      ...browserRules(config),
      ...metrics.yogaPlugins(),
      useRequestIdOnErrors(),
      graphqlJsSubscribe,
    ],
    logging: yogaLogging(logger),
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
      return {
        // Pothos keys its per-request caches by this, so that a subscription can let them go (socket-stream.ts).
        ...initContextCache(),
        ...services,
        viewer,
        lang,
        clientAddress: initial.clientAddress,
        requestId: initial.requestId,
      };
    },
  });

  const server = createServer(serverOptions(config.connectionLimits), (req, res) =>
    trackRequest(req, res, logger, (requestId) => route(req, res, requestId)),
  );
  const connectionCaps = capConnections(server, config.connectionLimits, proxies);

  async function route(req: IncomingMessage, res: ServerResponse, requestId: string) {
    connections.request(res);
    res.setHeader('x-content-type-options', 'nosniff');
    if (connectionCaps.refused(req, res)) return;
    try {
      if (!isGraphQLPath(req.url)) {
        if (await handleHealth(services, req, res, draining)) return;
        if (await handlePortal(services, req, res)) return;
      }
      const length = Number(req.headers['content-length']);
      if (!req.headers['content-length'] && req.headers['transfer-encoding']) {
        return refuse(res, 411, 'LENGTH_REQUIRED', messagesFor(req).http.lengthRequired);
      }
      if (length > config.maxBodyBytes) {
        const { maxBodyBytes } = config;
        const message = messagesFor(req).http.bodyTooLarge(maxBodyBytes, attachmentBytesPerDocument(maxBodyBytes));
        return refuse(res, 413, 'PAYLOAD_TOO_LARGE', message);
      }
      await yoga(req, res, { clientAddress: addressOf(req), requestId });
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

  const isGraphQLPath = (url: string | undefined) => url === GRAPHQL_PATH || url?.startsWith(`${GRAPHQL_PATH}?`);

  const messagesFor = (req: IncomingMessage) => messages(pickLang(null, req.headers['accept-language']));

  function refuse(res: ServerResponse, status: number, code: string, message: string, headers = {}) {
    res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers });
    res.end(JSON.stringify({ errors: [{ message, extensions: { code, requestId: currentRequestId() } }] }));
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
  const connections = new LiveConnections(server, wsServer);
  const stopServingSockets = serveGraphQLOverSockets({ yoga, wsServer, services, socketLimits, addressOf });

  const stopClosingSlowConsumers = closeSlowConsumers(wsServer, config.socketMaxBufferedBytes);
  let started = false;
  let metricsListener: Awaited<ReturnType<typeof serveMetrics>> | undefined;
  let stopReminders: (() => Promise<void>) | undefined;
  let stopPolling: (() => Promise<void>) | undefined;
  let stopping: Promise<void> | undefined;
  /** Set for the STOP_DRAIN_MS before a stop closes anything: only /readyz tells, so that the balancer takes this server out. */
  let draining = false;
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
      if (config.metricsPort !== undefined) {
        metricsListener = await serveMetrics(metrics.registry, config.metricsPort, config.host, logger);
      }
      outbox.start();
      stopReminders = startReminders(services, config.reminderCheckSeconds * 1000);
      if (services.events.distributed)
        stopPolling = pollEventLogs(
          database.prisma,
          services.feeds,
          services.events,
          config.eventPollIntervalMs,
          logger,
        );
      const { port } = server.address() as AddressInfo;
      services.publicUrl = config.publicUrl ?? `http://localhost:${port}`;
      return { port, url: `http://localhost:${port}${yoga.graphqlEndpoint}`, metricsPort: metricsListener?.port };
    },
    stopBoundMs: config.stopDrainMs + DRAIN_MS + CLOSE_REST_MS,
    /**
     * Answers /readyz with 503 for STOP_DRAIN_MS while serving all else, then stops taking
     * connections, answers the requests in progress, closes live sockets, then the rest; once.
     */
    stop() {
      stopping ??= (async () => {
        if (started && config.stopDrainMs > 0) {
          draining = true;
          logger.info(`/readyz answers 503 for ${config.stopDrainMs} ms (STOP_DRAIN_MS), then the server stops`);
          await new Promise((resolve) => setTimeout(resolve, config.stopDrainMs));
        }
        await stopReminders?.();
        stopClosingSlowConsumers();
        await connections.drain(started);
        stopForgettingViewers();
        await stopServingSockets();
        await stopPolling?.();
        await outbox.stop();
        transport.close();
        await services.events.close();
        await metricsListener?.close();
        await database.close();
      })();
      return stopping;
    },
  };
}

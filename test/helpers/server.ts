import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/index.js';
import type { DestinationStream } from 'pino';
import { createLogger } from '../../src/logger.js';
import { openTestDatabase } from './database.js';
import { disposeAfterAll } from './dispose.js';
import { startSmtpCapture, type SmtpCapture } from './smtp.js';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface TestServer {
  app: App;
  /** http://127.0.0.1:port (no path) */
  baseUrl: string;
  url: string;
  /** http://127.0.0.1:port/metrics, when the server was started with METRICS_PORT. */
  metricsUrl?: string;
  smtp: SmtpCapture;
  /** The PostgreSQL database of this server, when tests run on PostgreSQL. */
  databaseUrl?: string;
  gql<T, V>(document: TypedDocumentNode<T, V> | string, variables?: V, token?: string): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any GraphQL error and returns data. */
  query<T, V>(document: TypedDocumentNode<T, V>, variables?: V, token?: string): Promise<T>;
  wsClient(token?: string): Client;
  /** The SQL statements the server ran while `run` did its work (the mail outbox's own aside). */
  queriesDuring(run: () => Promise<unknown>): Promise<string[]>;
  /** Moves the server's clock forward, to see links and drafts expire. */
  advanceClock(ms: number): void;
  /** Signs in and returns the session token. */
  signIn(email: string, password: string): Promise<string>;
}

/**
 * Starts the real server on a random port with its own database and SMTP capture; everything is
 * stopped after the test file, even when a test fails. `databaseUrl` serves an existing PostgreSQL
 * database instead (one a test can take down), left in place afterwards; `logs` receives the
 * server's JSON log lines instead of stderr.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: { databaseUrl?: string; logs?: DestinationStream } = {},
): Promise<TestServer> {
  let clockOffsetMs = 0;
  const smtp = await startSmtpCapture();
  disposeAfterAll(() => smtp.close());
  let capture: string[] | undefined;
  // The mail outbox works on its own schedule, not for the request being watched.
  const onQuery = (sql: string) => {
    if (!sql.includes('"OutboxMail"')) capture?.push(sql);
  };
  const database = options.databaseUrl
    ? { ...(await openDatabase({ databaseUrl: options.databaseUrl, onQuery })), url: options.databaseUrl }
    : await openTestDatabase(onQuery);
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SMTP_URL: smtp.url,
    LOG_LEVEL: 'error',
    // Every test registers from 127.0.0.1; the mail limits are tested where a test sets them.
    MAIL_LIMIT_PER_CLIENT: '0',
    MAIL_LIMIT_PER_RECIPIENT: '0',
    ...env,
  });
  let app: App;
  try {
    app = await buildApp(config, {
      database,
      logger: createLogger(config.logLevel, options.logs),
      now: () => new Date(Date.now() + clockOffsetMs),
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  // stop() closes the database too.
  disposeAfterAll(() => app.stop());
  const { port, metricsPort } = await app.start();
  const baseUrl = `http://127.0.0.1:${port}`;

  const gql: TestServer['gql'] = async (document, variables, token) => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        // Tests read the English answers; test/i18n.test.ts covers the Polish ones.
        'accept-language': 'en',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
    });
    const body = (await response.json()) as ExecutionResult;
    return { status: response.status, ...body } as never;
  };

  const server: TestServer = {
    app,
    baseUrl,
    url: `${baseUrl}/graphql`,
    metricsUrl: metricsPort === undefined ? undefined : `http://127.0.0.1:${metricsPort}/metrics`,
    smtp,
    databaseUrl: database.url,
    gql,
    async query(document, variables, token) {
      const result = await gql(document, variables, token);
      if (result.errors?.length || !result.data) {
        throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      }
      return result.data;
    },
    wsClient(token) {
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
      });
      disposeAfterAll(() => client.dispose());
      return client;
    },
    async queriesDuring(run) {
      capture = [];
      try {
        await run();
        return capture;
      } finally {
        capture = undefined;
      }
    },
    advanceClock(ms) {
      clockOffsetMs += ms;
    },
    async signIn(email, password) {
      const result = await gql<{ signIn: { __typename: string; token?: string } }, unknown>(
        'mutation ($input: SignInInput!) { signIn(input: $input) { __typename ... on SignInPayload { token } } }',
        { input: { email, password } },
      );
      const token = result.data?.signIn.token;
      if (!token) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(result)}`);
      return token;
    },
  };
  return server;
}

/** The token query parameter of a link taken from a mail. */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

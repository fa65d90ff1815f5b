import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { inspect } from 'node:util';
import { setting, type Config } from './config.js';

/** A start-up check failed; the message is the one line to show. */
export class StartupError extends Error {}

/** Binding once and letting go tells whether the server will get its ports, before anything is created. */
export async function checkPort(config: Config): Promise<void> {
  for (const port of [config.port, config.metricsPort]) {
    if (port === undefined) continue;
    const probe = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen({ port, host: config.host, exclusive: true }, resolve);
      });
    } catch (error) {
      throw listenProblem(error, config);
    } finally {
      await new Promise((resolve) => probe.close(resolve));
    }
  }
}

/** The one line for a failed listen(), from the probe or from the server itself, naming PORT or METRICS_PORT. */
export function listenProblem(error: unknown, config: Config): unknown {
  const { code, port: failed } = error as { code?: string; port?: number };
  const metrics = config.metricsPort !== undefined && failed === config.metricsPort && failed !== config.port;
  const port = metrics ? setting('METRICS_PORT', String(config.metricsPort)) : setting('PORT', String(config.port));
  const host = setting('HOST', config.host);
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(
        `${port}: the port is already in use on ${config.host}; stop the program using it or choose another port (${metrics ? 'METRICS_PORT' : 'PORT'}=0 picks a free one).`,
      );
    case 'EACCES':
      return new StartupError(
        `${port}: this user may not listen on ports below 1024; use a port from 1024 up${metrics ? '' : ' (the default is 4000)'}.`,
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        `${host} is not an address of this machine; use 0.0.0.0 (every interface), 127.0.0.1 (this machine only) or one of its addresses.`,
      );
    default:
      return error;
  }
}

/**
 * The embedded database and the mail outbox live in DATA_DIR: it must be a folder this user can
 * write to, or one that can be created. Nothing is created here.
 */
export async function checkDataDir(config: Config): Promise<void> {
  if (config.databaseUrl && config.smtpUrl) return;
  const value = setting('DATA_DIR', config.dataDir);
  let existing = config.dataDir;
  for (;;) {
    const info = await stat(existing).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) {
        throw new StartupError(
          existing === config.dataDir
            ? `${value} is a file, not a folder; name a folder (it is created when missing).`
            : `${value} cannot be created: ${existing} is a file; name another folder.`,
        );
      }
      break;
    }
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  try {
    await access(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw new StartupError(`${value}: this user may not write to ${existing}; name a folder it can write to.`);
  }
}

/** Without this check an unreachable Redis makes the server wait for it forever. */
export async function checkRedis(config: Config): Promise<void> {
  if (!config.redisUrl) return;
  const url = new URL(config.redisUrl);
  const where = `${url.hostname}:${url.port || '6379'}`;
  const { createClient } = await import('@redis/client');
  const client = createClient({ url: config.redisUrl, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
  let failure: unknown;
  client.on('error', (error: unknown) => (failure ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const cause = (failure ?? error) as { code?: string; message?: string; errors?: { code?: string }[] };
    const code = cause.code ?? cause.errors?.[0]?.code;
    const problem =
      code === 'ECONNREFUSED'
        ? `nothing answers at ${where} (connection refused); start Redis there, correct the URL`
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `the host "${url.hostname}" is not known; correct the host name`
          : `Redis at ${where} did not accept the connection (${cause.message ?? inspect(cause)}); correct the URL`;
    throw new StartupError(
      `${setting('REDIS_URL', config.redisUrl)}: ${problem} or unset REDIS_URL when only one Konekt server runs.`,
    );
  } finally {
    if (client.isOpen) await client.close();
  }
}

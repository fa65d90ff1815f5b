import { ConfigError, loadConfig, setting, type Config } from './config.js';
import { createLogger } from './logger.js';
import { checkDataDir, checkPort, checkRedis, listenProblem, StartupError } from './preflight.js';
import type { App } from './app.js';

/** One line per mistake, then a non-zero exit: nothing has been created by then. */
function refuseToStart(lines: string[]): never {
  for (const line of lines) process.stderr.write(`Konekt cannot start: ${line}\n`);
  process.exit(1);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) refuseToStart(error.problems);
  throw error;
}
const logger = createLogger(config.logLevel);

let app: App | undefined;
let stopping = false;
/** Stops serving (closing sockets with their close frames) and exits; a stop that hangs is cut short. */
function stopAndExit(reason: string, code: number) {
  if (stopping) return;
  stopping = true;
  logger.info(`${reason}, stopping`);
  if (app) setTimeout(() => process.exit(code || 1), app.stopBoundMs).unref();
  (app ? app.stop() : Promise.resolve()).then(
    () => process.exit(code),
    (error: unknown) => {
      logger.error('stop failed', error);
      process.exit(1);
    },
  );
}

// A promise nobody waited for is a bug to fix, but its failure left nothing else in this process
// broken: it is logged, and the server goes on serving its clients instead of dropping them all.
process.on('unhandledRejection', (reason) => {
  logger.error('unhandled promise rejection; the server keeps running', reason);
});
// An exception nobody caught may have left the process in any state: it is logged, the server stops
// as cleanly as it can, and the exit code 1 tells the supervisor to start a fresh one.
process.on('uncaughtException', (error) => {
  logger.error('uncaught exception', error);
  stopAndExit('uncaught exception', 1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAndExit(`${signal} received`, 0));

const startedAt = performance.now();
await checkPort(config).catch((error: unknown) => {
  if (error instanceof StartupError) refuseToStart([error.message]);
  throw error;
});
await Promise.all([checkDataDir(config), checkRedis(config)]).catch((error: unknown) => {
  if (error instanceof StartupError) refuseToStart([error.message]);
  throw error;
});

// Loaded after the checks, so that a wrong setting is reported at once.
const { buildApp } = await import('./app.js');
const { DatabaseConnectionError } = await import('./db/index.js');
try {
  app = await buildApp(config, { logger }).catch((error: unknown) => {
    if (error instanceof DatabaseConnectionError) {
      const url = error.setting === 'DATABASE_URL' ? config.databaseUrl : config.databaseDirectUrl;
      refuseToStart([`${setting(error.setting, url ?? '')}: ${error.message}`]);
    }
    throw error;
  });
  const started = app;
  const { url, metricsPort } = await started.start().catch(async (error: unknown) => {
    // The port was free a moment ago; someone took it since.
    const problem = listenProblem(error, config);
    await started.stop().catch(() => undefined);
    if (problem instanceof StartupError) refuseToStart([problem.message]);
    throw error;
  });
  logger.info(
    `Konekt is listening on ${url} (GraphiQL there) in ${Math.round(performance.now() - startedAt)} ms; database: ${
      config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}/db`
    }; public URL ${app.services.publicUrl}${
      metricsPort === undefined ? '' : `; metrics at http://${config.host}:${metricsPort}/metrics`
    }`,
  );
} catch (error) {
  logger.error('Konekt could not start', error);
  process.exit(1);
}

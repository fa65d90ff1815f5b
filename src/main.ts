import { buildApp, type App } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const startedAt = performance.now();

let app: App | undefined;
let stopping = false;
/** Stops serving (closing sockets with their close frames) and exits; a stop that hangs is cut short. */
function stopAndExit(reason: string, code: number) {
  if (stopping) return;
  stopping = true;
  logger.info(`${reason}, stopping`);
  setTimeout(() => process.exit(code || 1), 10_000).unref();
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

try {
  app = await buildApp(config, { logger });
  const { url } = await app.start();
  logger.info(
    `Konekt is listening on ${url} (GraphiQL there) in ${Math.round(performance.now() - startedAt)} ms; database: ${
      config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}/db`
    }; public URL ${app.services.publicUrl}`,
  );
} catch (error) {
  logger.error('Konekt could not start', error);
  process.exit(1);
}

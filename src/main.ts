import { ConfigError, loadConfig, setting, type Config } from './config.js';
import { checkDataDir, checkPort, checkRedis, listenProblem, StartupError } from './preflight.js';

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
const app = await buildApp(config).catch((error: unknown) => {
  if (error instanceof DatabaseConnectionError) {
    refuseToStart([`${setting('DATABASE_URL', config.databaseUrl ?? '')}: ${error.message}`]);
  }
  throw error;
});
const { url } = await app.start().catch(async (error: unknown) => {
  // The port was free a moment ago; someone took it since.
  const problem = listenProblem(error, config);
  await app.stop().catch(() => undefined);
  if (problem instanceof StartupError) refuseToStart([problem.message]);
  throw error;
});
app.services.logger.info(
  `Konekt is listening on ${url} (GraphiQL there) in ${Math.round(performance.now() - startedAt)} ms; database: ${
    config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}/db`
  }; public URL ${app.services.publicUrl}`,
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.services.logger.info(`${signal} received, stopping`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.services.logger.error('stop failed', error);
        process.exit(1);
      },
    );
  });
}

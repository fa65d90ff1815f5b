import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfig();
const startedAt = performance.now();
const app = await buildApp(config);
const { url } = await app.start();
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
      (error) => {
        app.services.logger.error('stop failed', error);
        process.exit(1);
      },
    );
  });
}

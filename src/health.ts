import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from './context.js';
import { migrationState, readMigrations } from './db/migrate.js';
import { messages, pickLang, type Messages } from './i18n/index.js';
import { RETRY_AFTER_SECONDS } from './outage.js';

/** Readiness is asked often; a database that does not answer within this is not ready. */
const CHECK_TIMEOUT_MS = 3000;

let migrationFiles: ReturnType<typeof readMigrations> | undefined;

async function readinessProblem(services: Services, m: Messages['http']): Promise<string | undefined> {
  migrationFiles ??= readMigrations();
  const files = await migrationFiles;
  let timer: NodeJS.Timeout | undefined;
  try {
    const state = await Promise.race([
      migrationState(
        { query: (sql: string, params: unknown[] = []) => services.db.$queryRawUnsafe(sql, ...params) },
        files,
      ),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    if (state.failed) return m.migrationFailed(state.failed);
    if (state.edited.length > 0) return m.migrationsEdited(state.edited.join(', '));
    if (state.pending.length > 0) return m.migrationsPending(state.pending.join(', '));
    return undefined;
  } catch (error) {
    services.logger.warn('readiness: the database cannot be reached', error);
    return m.databaseUnreachable;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz` is liveness: the process is up and serving, whatever the database does (restarting it
 * would not bring the database back). `/readyz` is readiness: the database answers and every
 * migration file is applied unchanged, and the server is not `stopping`; otherwise 503 with
 * Retry-After, so a balancer sends no traffic here meanwhile.
 */
export async function handleHealth(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  stopping: boolean,
): Promise<boolean> {
  const path = req.url?.split('?')[0];
  if (path !== '/healthz' && path !== '/readyz') return false;
  const m = messages(pickLang(null, req.headers['accept-language'])).http;
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(m.alive);
    return true;
  }
  const problem = stopping ? m.stopping : await readinessProblem(services, m);
  if (problem === undefined) {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(m.ready);
  } else {
    res
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(RETRY_AFTER_SECONDS) })
      .end(m.notReady(problem));
  }
  return true;
}

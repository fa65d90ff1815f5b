import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { disposeAfterAll } from './dispose.js';
import type { TestServer } from './server.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Every setting cleared, so only what a test names applies (the machine's DATABASE_URL included). */
export const CLEAN_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_URL: '',
  DATABASE_DIRECT_URL: '',
  DATABASE_PREPARED_STATEMENTS: '',
  REDIS_URL: '',
  SMTP_URL: '',
  PUBLIC_URL: '',
  MAIL_FROM: '',
  MAX_BODY_BYTES: '',
  LOG_LEVEL: 'info',
};

/** `src/main.ts` as `npm start` runs it, killed after the test file whatever happens. */
export function spawnMain(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...CLEAN_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  disposeAfterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

export interface MainProcess {
  child: ChildProcess;
  /** http://localhost:port/graphql */
  url: string;
  log(): string;
  /** Resolves with the first match of `pattern` in the server's output, once it is written. */
  waitForLog(pattern: RegExp): Promise<RegExpExecArray>;
  /** SIGTERM, as a deploy stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process ends at once, as in a crash. */
  kill(): Promise<void>;
}

/** Runs `src/main.ts` as `npm start` does and waits for the line that says where it listens. */
export async function startMain(env: Record<string, string>): Promise<MainProcess> {
  const child = spawnMain(env);
  let log = '';
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    log += chunk.toString();
    for (const watch of watchers) watch();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitForLog = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const watch = () => {
        const match = pattern.exec(log);
        if (!match) return;
        watchers.delete(watch);
        resolve(match);
      };
      watchers.add(watch);
      watch();
      void exited.then((code) => {
        if (watchers.delete(watch)) reject(new Error(`server exited with ${code} before ${pattern}: ${log}`));
      });
    });

  const [, url] = await waitForLog(/listening on (http:\/\/\S+\/graphql)/);
  return {
    child,
    url: url!,
    log: () => log,
    waitForLog,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A GraphQL request to a server started with startMain. */
export async function gql(url: string, query: string, variables: unknown = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: Record<string, Record<string, unknown>> };
}

/**
 * The settings of `npm start` servers beside the in-process `setup` server: its PostgreSQL database
 * and Redis (none when `redisUrl` is undefined), a data directory of their own (removed after the
 * test file), and its mail capture, since any server may deliver a mail from the shared outbox.
 * `settings` add to them or override them.
 */
export async function besideTestServer(
  setup: TestServer,
  redisUrl: string | undefined,
  settings: Record<string, string> = {},
): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'konekt-main-'));
  disposeAfterAll(() => rm(dataDir, { recursive: true, force: true }));
  return {
    DATABASE_URL: setup.databaseUrl!,
    REDIS_URL: redisUrl ?? '',
    DATA_DIR: dataDir,
    SMTP_URL: setup.smtp.url,
    ...settings,
  };
}

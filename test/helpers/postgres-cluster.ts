import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll } from 'vitest';

const run = promisify(execFile);

// Registered when this module loads: a hook registered inside a test body would never run.
const removals: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const remove of removals) await remove();
});
const POSTGRES_ROOT = '/usr/lib/postgresql';

/** A PostgreSQL server of its own, in a temporary directory, that a test may stop and start at will. */
export interface PostgresCluster {
  /** postgres://…/postgres on the cluster's port. */
  url: string;
  port: number;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once, as a crash would: every connection drops. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function binaries(): Promise<string | undefined> {
  const versions = await readdir(POSTGRES_ROOT).catch(() => [] as string[]);
  const newest = versions.filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(POSTGRES_ROOT, newest, 'bin') : undefined;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts a throwaway cluster (initdb, then pg_ctl on a free port, trust authentication, no fsync),
 * removed after the test file; never the machine's own server. Resolves to undefined, after printing
 * one line, when the PostgreSQL binaries are not installed.
 */
export async function startPostgresCluster(): Promise<PostgresCluster | undefined> {
  const bin = await binaries();
  if (!bin) {
    console.log(`skipped: no PostgreSQL binaries under ${POSTGRES_ROOT} to start a throwaway cluster`);
    return undefined;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'konekt-pg-'));
  const data = path.join(dir, 'data');
  // initdb refuses to run as root: the cluster then belongs to the postgres user.
  const asRoot = userInfo().uid === 0;
  if (asRoot) await run('chown', ['postgres:postgres', dir]);
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, name), ...args]) : run(path.join(bin, name), args);
  const port = await freePort();
  await tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = () => tool('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  const stop = () => tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  await start();
  removals.push(async () => {
    await stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop: async () => void (await stop()),
    start: async () => void (await start()),
  };
}

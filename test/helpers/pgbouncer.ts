import { spawn, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { disposeAfterAll } from './dispose.js';
import { unusedPort } from './wait.js';

/** Whether `pgbouncer` can be run here; the tests that need one are skipped otherwise. */
export const hasPgbouncer = () => spawnSync('pgbouncer', ['--version']).status === 0;

/**
 * PgBouncer in transaction mode in front of the PostgreSQL server of `serverUrl`, as a large
 * deployment runs it: each transaction (each statement outside one) may go to another of its few
 * server connections. Any database name is passed through. Stopped after the test file.
 */
export async function startPgbouncer(serverUrl: string): Promise<{ urlOf(databaseUrl: string): string }> {
  const server = new URL(serverUrl);
  const dir = await mkdtemp(path.join(tmpdir(), 'konekt-pgbouncer-'));
  const port = await unusedPort();
  const user = decodeURIComponent(server.username) || 'postgres';
  await writeFile(path.join(dir, 'users.txt'), `"${user}" ""\n`);
  await writeFile(
    path.join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 3',
      'max_client_conn = 200',
      'ignore_startup_parameters = extra_float_digits',
      '',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root; as root it is told to become the postgres user, who must read its files.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await Promise.all([chmod(dir, 0o755), chmod(path.join(dir, 'users.txt'), 0o644)]);
  const child = spawn('pgbouncer', [...(asRoot ? ['-u', 'postgres'] : []), path.join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  disposeAfterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const onOutput = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`listening on 127.0.0.1:${port}`)) resolve();
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    void exited.then(() => reject(new Error(`pgbouncer exited: ${output}`)));
  });
  return {
    urlOf(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
  };
}
